import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ChatPage } from "./pages/chat";

// A reply is the server's: reloading, a second tab, Stop from elsewhere and a crashed server all
// show the same reply. Each state is photographed at desktop and phone size.
const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];
const CONTROL = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3210) + 1}`;
const content = (chat: ChatPage) => chat.assistant().getByTestId("message-content");
const words = async (chat: ChatPage) => (await content(chat).innerText()).trim().split(/\s+/).length;

for (const vp of viewports) {
  test.describe(`resume (${vp.name})`, () => {
    test.beforeEach(async ({ page }) => page.setViewportSize({ width: vp.width, height: vp.height }));

    test("a reload mid-reply shows the text so far and the reply goes on", async ({ page, chat, user }) => {
      void user;
      await chat.sendMessage("Tell me a long story #tokens:150 #delay:30");
      await expect(content(chat)).toContainText("careful answer");
      await page.reload();
      await expect(chat.assistant()).toHaveAttribute("data-status", "streaming");
      const before = await words(chat);
      await expect.poll(() => words(chat), { timeout: 10_000 }).toBeGreaterThan(before + 5);
      await page.screenshot({ path: `test-results/screenshots/resume-after-reload-${vp.name}.png` });
      await chat.waitForReplyDone();
      await expect(chat.assistant()).toHaveAttribute("data-status", "complete");
      const finished = await content(chat).innerText();
      expect(finished.trim().split(/\s+/)).toHaveLength(150);
      await page.reload();
      await expect(content(chat)).toHaveText(finished);
    });

    test("a second tab shows the same live reply, and Stop there stops it in both", async ({ page, context, chat, user }) => {
      void user;
      await chat.sendMessage("Write a very long essay #tokens:400 #delay:30");
      await expect(content(chat)).toContainText("careful answer");
      const threadId = chat.threadUrlId();
      const second: Page = await context.newPage();
      await second.setViewportSize({ width: vp.width, height: vp.height });
      const chat2 = new ChatPage(second);
      await second.goto(`/chat/${threadId}`);
      await expect(chat2.assistant()).toHaveAttribute("data-status", "streaming");
      const before = await words(chat2);
      await expect.poll(() => words(chat2), { timeout: 10_000 }).toBeGreaterThan(before + 5);
      await second.screenshot({ path: `test-results/screenshots/second-tab-streaming-${vp.name}.png` });
      await chat2.stop.click();
      for (const [p, c] of [[page, chat], [second, chat2]] as const) {
        await expect(c.assistant()).toHaveAttribute("data-status", "stopped");
        await expect(p.getByTestId("message-stopped")).toBeVisible();
      }
      await expect.poll(async () => (await content(chat).innerText()) === (await content(chat2).innerText())).toBe(true);
      await page.screenshot({ path: `test-results/screenshots/stopped-first-tab-${vp.name}.png` });
      await second.screenshot({ path: `test-results/screenshots/stopped-second-tab-${vp.name}.png` });
      expect(await words(chat)).toBeLessThan(400);
      await second.close();
    });

    test("a server killed mid-reply leaves an interrupted reply with Retry, and Retry answers", async ({ page, chat, user }) => {
      void user;
      await chat.sendMessage("A reply the crash cuts off #tokens:400 #delay:25");
      await expect(content(chat)).toContainText("careful answer");
      await page.waitForTimeout(800);
      const restarted = fetch(`${CONTROL}/kill-and-restart`, { method: "POST" });
      // While the server is away the tab says so, instead of showing an error.
      await expect(page.getByTestId("reconnecting")).toBeVisible({ timeout: 5_000 });
      await page.screenshot({ path: `test-results/screenshots/reconnecting-${vp.name}.png` });
      const res = await restarted;
      expect(res.status).toBe(200);
      // The tab reconnects on its own and learns how the reply ended, once its lease is over.
      await expect(chat.assistant()).toHaveAttribute("data-status", "interrupted", { timeout: 20_000 });
      await expect(page.getByTestId("message-error")).toContainText("interrupted");
      await expect(page.getByTestId("retry-button")).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/interrupted-${vp.name}.png` });
      const kept = await words(chat);
      expect(kept).toBeGreaterThan(5);
      await page.reload();
      await expect(chat.assistant()).toHaveAttribute("data-status", "interrupted");
      await page.getByTestId("retry-button").click();
      await chat.waitForReplyDone();
      await expect(chat.assistant()).toHaveAttribute("data-status", "complete");
      // The retry took the interrupted reply's place (the question may be virtualized out, above a long reply).
      await expect(chat.list).toHaveAttribute("data-loaded", "2");
    });
  });
}
