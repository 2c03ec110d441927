// `npm run bench -- --import`: 10,000 small ChatGPT conversations (a 6 MB conversations.json)
// imported into a fresh server while another user's requests go on: the import's time, the p95
// of GET /api/health and of that user's threads.list during it, and the server's peak memory
// above where it started. With --against, the reference build the same way, first.
import { probe } from "../../../tests/security/helpers.ts";
import { chatGptExport, multipart } from "../../../tests/security/import-files.ts";
import { procStats, sleep } from "./load.mjs";

export async function importFigures(kind, h) {
  const file = chatGptExport(10_000);
  const { body, contentType } = multipart("conversations.json", file);
  for (const target of h.targets) {
    const db = await h.newDatabase(kind);
    const app = await h.startApp(target, db, h.port);
    const importer = await h.signUp(app.base, 1);
    const other = await h.signUp(app.base, 2);
    await sleep(2_000);
    const idle = procStats(app.pid).rssMiB;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, procStats(app.pid).rssMiB)), 50);
    const health = probe(app.base);
    const list = probe(app.base, `/api/trpc/threads.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie: other.cookie } });
    const t0 = performance.now();
    const res = await fetch(`${app.base}/api/import`, { method: "POST", headers: { cookie: importer.cookie, origin: app.base, "content-type": contentType }, body: new Uint8Array(body) });
    const report = await res.json().catch(() => ({}));
    const seconds = (performance.now() - t0) / 1000;
    const [hs, ls] = [await health.stop(), await list.stop()];
    clearInterval(sampler);
    const f = (s) => `p95 ${s.p95.toFixed(0)} / max ${s.max.toFixed(0)} ms, ${s.failures} of ${s.count} failed`;
    console.log(
      `${target.name.padEnd(22)} ${kind}: 10,000 conversations (${(file.byteLength / 1024 / 1024).toFixed(1)} MB): ${res.status}, ${report.imported ?? "?"} imported in ${seconds.toFixed(1)} s; health ${f(hs)}; threads.list ${f(ls)} (target p95 under 300 ms); peak RSS ${(peak - idle).toFixed(0)} MiB above idle`,
    );
    await app.stop();
  }
}
