import { randomUUID } from "node:crypto";
import { expect, test, sameOrigin } from "./fixtures";

test("a long thread opens on its newest messages and loads the earlier ones in place", async ({ page, chat, user }) => {
  void user;
  test.slow();
  await chat.sendMessage("Question 0 #tokens:1");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // 100 more exchanges through the real chat endpoint: 202 messages, one more page than the first.
  for (let i = 1; i <= 100; i++) {
    const res = await page.request.post("/api/chat", {
    headers: sameOrigin,
      data: {
        threadId,
        modelId: "openai-compatible:fake-model",
        message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `Question ${i} #tokens:1 #delay:0` }] },
      },
    });
    expect(res.status()).toBe(200);
    await res.body();
  }

  await page.goto(`/chat/${threadId}`);
  const list = page.getByTestId("message-list");
  // The newest page (200 messages) is loaded, but only those near the view are in the page.
  await expect(list).toHaveAttribute("data-loaded", "200");
  await expect(chat.user().filter({ hasText: "Question 100" })).toBeInViewport();
  await expect.poll(() => chat.messages.count()).toBeLessThan(60);
  await expect(chat.messages.filter({ hasText: /Question 1 #/ })).toHaveCount(0);

  // Scrolled up to the top: the earlier page loads by itself and goes in above what was shown.
  await list.hover();
  for (let i = 0; i < 60 && (await list.getAttribute("data-loaded")) === "200"; i++) await page.mouse.wheel(0, -3000);
  await expect(list).toHaveAttribute("data-loaded", "202");
  await expect(page.getByTestId("load-older")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/chat-load-older.png" });
  const q1 = chat.messages.filter({ hasText: /Question 1 #/ }).first();
  const q0 = chat.messages.filter({ hasText: /Question 0 #/ }).first();
  // What the reader was looking at stays in view; the earlier messages went in above it.
  await expect(q1).toBeInViewport();
  await page.mouse.wheel(0, -3000);
  await expect(q0).toBeInViewport();
  expect((await q0.boundingBox())!.y).toBeLessThan((await q1.boundingBox())!.y);

  // A reply streaming below does not move what the reader scrolled up to.
  await chat.sendMessage("Question 101 #tokens:120 #delay:25");
  await expect(chat.stop).toBeVisible();
  await list.hover();
  await page.mouse.wheel(0, -1500);
  // Until the wheel's scroll has come to rest.
  const scrollTop = () => page.evaluate(() => document.querySelector('[data-testid="message-list"]')!.parentElement!.scrollTop);
  await expect.poll(async () => {
    const a = await scrollTop();
    await page.waitForTimeout(150);
    return a === (await scrollTop());
  }).toBe(true);
  // The first message whose top is on screen, and where it is.
  const onScreen = () =>
    page.evaluate(() => {
      const el = [...document.querySelectorAll<HTMLElement>('[data-testid="message"]')].find((m) => m.getBoundingClientRect().top >= 0);
      return el ? { id: el.dataset.messageId!, y: el.getBoundingClientRect().top } : null;
    });
  const before = (await onScreen())!;
  await page.waitForTimeout(800);
  await expect(chat.stop).toBeVisible();
  const after = await page.locator(`[data-message-id="${before.id}"]`).boundingBox();
  expect(Math.abs(after!.y - before.y)).toBeLessThan(2);
  await expect(page.getByTestId("jump-to-latest")).toBeVisible();
  await chat.waitForReplyDone();
  await expect(list).toHaveAttribute("data-loaded", "204");
  await page.getByTestId("jump-to-latest").click();
  await expect(chat.assistant()).toBeInViewport();
});
