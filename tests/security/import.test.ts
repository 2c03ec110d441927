// Import bombs against the built server: a zip of whitespace that inflates a thousandfold, one
// huge JSON string (zipped and plain), and 10,000 conversations while other users keep working.
import { beforeAll, describe, expect, it } from "vitest";
import type { HttpUser } from "../support/http-client";
import { useApp } from "../http/helpers/app";
import { memoryOf, probe, rssGrowth } from "./helpers";
import { chatGptConversation, chatGptExport, multipart, zipOf } from "./import-files";

const t = useApp({ env: { CHAT_RATE_LIMIT_PER_MINUTE: "0", WRITE_RATE_LIMIT_PER_MINUTE: "0" } });
const MB = 1024 * 1024;

type Report = { imported: number; duplicates: number; conversations: { threadId?: string; note?: string }[]; notes: string[] };

async function upload(user: HttpUser, name: string, file: Buffer): Promise<{ status: number; json: unknown; ms: number }> {
  const { body, contentType } = multipart(name, file);
  const t0 = performance.now();
  const res = await fetch(`${t.app.url}/api/import`, { method: "POST", headers: { origin: t.app.url, cookie: user.cookie, "content-type": contentType }, body: new Uint8Array(body) });
  return { status: res.status, json: await res.json(), ms: performance.now() - t0 };
}

const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

let ada: HttpUser;
beforeAll(async () => {
  ada = await t.client.signUp("Ada");
});

describe("import bombs (built server)", () => {
  it("a 1.1 MB zip of whitespace that inflates to 1.1 GB: a 413 within seconds, a few MB of memory, health answering throughout", async () => {
    const bomb = await zipOf("conversations.json", [{ bytes: Buffer.from("[") }, { bytes: Buffer.alloc(8 * MB, 0x20), times: 140 }, { bytes: Buffer.from("]") }]);
    expect(bomb.byteLength).toBeLessThan(1.5 * MB);
    await upload(ada, "warm.json", Buffer.from("[]"));
    const health = probe(t.app.url);
    const { result, growthMiB } = await rssGrowth(t.app.pid, () => upload(ada, "chatgpt-export.zip", bomb));
    const probes = await health.stop();
    console.log(`zip of whitespace: ${result.status} in ${result.ms.toFixed(0)} ms, RSS +${growthMiB.toFixed(1)} MiB, health ${probes.count} probes, ${probes.failures} failed, p95 ${probes.p95.toFixed(0)} ms`);
    expect(result.status).toBe(413);
    // A megabyte in, it is a run of whitespace no export has (a 1.1 GB string is stopped by the ratio, below).
    expect(errorOf(result.json).message).toMatch(/whitespace in a row/);
    expect(result.ms).toBeLessThan(10_000);
    expect(growthMiB).toBeLessThan(64);
    expect(probes.failures).toBe(0);
  });

  it("one 200 MB JSON string: zipped, a 413 (it inflates a thousandfold); plain, cut to a message's length and imported, in bounded memory", async () => {
    const huge = (bytes: number) => [
      { bytes: Buffer.from(JSON.stringify([chatGptConversation(1)]).replace("Question number 1?", "\u0000SPLIT\u0000").split("\u0000SPLIT\u0000")[0]!) },
      { bytes: Buffer.alloc(8 * MB, 0x61), times: bytes / (8 * MB) },
      { bytes: Buffer.from(JSON.stringify([chatGptConversation(1)]).split("Question number 1?")[1]!) },
    ];
    const zipped = await zipOf("conversations.json", huge(200 * MB));
    expect(zipped.byteLength).toBeLessThan(1 * MB);
    const z = await rssGrowth(t.app.pid, () => upload(ada, "export.zip", zipped));
    console.log(`zipped 200 MB string: ${z.result.status} in ${z.result.ms.toFixed(0)} ms, RSS +${z.growthMiB.toFixed(1)} MiB`);
    expect(z.result.status).toBe(413);
    expect(errorOf(z.result.json).message).toMatch(/more than 100 times its size/);
    expect(z.growthMiB).toBeLessThan(64);

    // The same, unzipped: 160 MB of one string in a file under the 200 MB upload limit.
    const plain = Buffer.concat(huge(160 * MB).flatMap(({ bytes, times = 1 }) => Array<Buffer>(times).fill(bytes)));
    const health = probe(t.app.url);
    const p = await rssGrowth(t.app.pid, () => upload(ada, "conversations.json", plain));
    const probes = await health.stop();
    console.log(`plain 160 MB string: ${p.result.status} in ${p.result.ms.toFixed(0)} ms, RSS +${p.growthMiB.toFixed(1)} MiB, health p95 ${probes.p95.toFixed(0)} ms, ${probes.failures} failed`);
    expect(p.result.status).toBe(200);
    const report = p.result.json as Report;
    expect(report.imported).toBe(1);
    expect(report.conversations[0]!.note).toMatch(/cut to 100,000 characters/);
    expect(report.notes.join(" ")).toMatch(/longer than a message may be/);
    // 160 MB passes through the server (its garbage collected as it goes); the string whole would be 320 MB or more.
    expect(p.growthMiB).toBeLessThan(128);
    expect(probes.failures).toBe(0);
    // The thread's page is a page, not 20 MB.
    const page = await fetch(`${t.app.url}/api/trpc/messages.list?input=${encodeURIComponent(JSON.stringify({ json: { threadId: report.conversations[0]!.threadId } }))}`, { headers: { cookie: ada.cookie } });
    expect(page.status).toBe(200);
    expect((await page.arrayBuffer()).byteLength).toBeLessThan(1 * MB);
  });

  it("10,000 conversations: imported while other users' requests keep answering, with progress to show, and no second import alongside", async () => {
    const bo = await t.client.signUp("Bo");
    const other = await t.client.signUp("Other");
    const file = chatGptExport(10_000);
    console.log(`10,000 conversations: ${(file.byteLength / MB).toFixed(1)} MB`);
    const startPeak = memoryOf(t.app.pid).rss;
    const health = probe(t.app.url);
    const list = probe(t.app.url, `/api/trpc/threads.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie: other.cookie } });
    let peakRss = startPeak;
    const progress: number[] = [];
    let second: number | undefined;
    const watching = (async () => {
      for (;;) {
        peakRss = Math.max(peakRss, memoryOf(t.app.pid).rss);
        const job = await t.client.query<{ status: string; conversations: number } | null>(bo, "imports.latest", {});
        if (job.data?.status === "running") {
          progress.push(job.data.conversations);
          if (second === undefined && job.data.conversations > 0) second = (await upload(bo, "conversations.json", chatGptExport(2))).status;
        } else if (progress.length > 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const result = await upload(bo, "conversations.json", file);
    const [healthStats, listStats] = [await health.stop(), await list.stop()];
    await watching;
    const report = result.json as Report;
    console.log(
      `10,000 conversations: ${result.status} in ${(result.ms / 1000).toFixed(1)} s; health p95 ${healthStats.p95.toFixed(0)} ms (max ${healthStats.max.toFixed(0)}), threads.list p95 ${listStats.p95.toFixed(0)} ms (max ${listStats.max.toFixed(0)}); peak RSS +${(peakRss - startPeak).toFixed(0)} MiB; progress seen ${progress.length} times`,
    );
    expect(result.status).toBe(200);
    expect(report.imported).toBe(10_000);
    expect(healthStats.failures).toBe(0);
    expect(listStats.failures).toBe(0);
    // The page saw a count that grew while it ran, not a spinner.
    expect(progress.some((n) => n > 0 && n < 10_000)).toBe(true);
    expect(second).toBe(409);
    expect((await t.client.query<{ status: string; imported: number }>(bo, "imports.latest", {})).data).toMatchObject({ status: "done", imported: 10_000 });
  }, 300_000);
});
