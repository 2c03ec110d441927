import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";

test("a long thread opens on its newest messages and loads the earlier ones in place", async ({ page, chat, user }) => {
  void user;
  test.slow();
  await chat.sendMessage("Question 0 #tokens:1");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // 100 more exchanges through the real chat endpoint: 202 messages, one more page than the first.
  for (let i = 1; i <= 100; i++) {
    const res = await page.request.post("/api/chat", {
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
  await expect(chat.messages).toHaveCount(200);
  await expect(chat.user(0)).toContainText("Question 1 ");
  await expect(chat.user()).toContainText("Question 100");

  const loadOlder = page.getByTestId("load-older");
  await loadOlder.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/chat-load-older.png" });
  await loadOlder.click();
  await expect(chat.messages).toHaveCount(202);
  await expect(chat.user(0)).toContainText("Question 0");
  await expect(loadOlder).toHaveCount(0);
  // What the reader was looking at stays in view; the earlier messages went in above it.
  await expect(chat.user(1)).toBeInViewport();
  await expect(chat.user(0)).not.toBeInViewport();

  // The thread goes on as usual after that.
  await chat.sendMessage("Question 101 #tokens:2");
  await chat.waitForReplyDone();
  await expect(chat.messages).toHaveCount(204);
});
