import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test, sameOrigin } from "./fixtures";

const SHOTS = "test-results/screenshots";
// fake-model-2 reports a 4,096-token window (scripts/e2e-server.mjs): 3,072 are left for the conversation.
const SMALL = "openai-compatible:fake-model-2";

/** A question of about `bytes` bytes that the fake answers in three words. */
const question = (i: number, bytes: number) => `Question ${i} #tokens:3 `.padEnd(bytes, "lorem ipsum ");

async function post(page: Page, threadId: string, text: string) {
  return page.request.post("/api/chat", {
    headers: sameOrigin,
    data: { threadId, modelId: SMALL, message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] } },
  });
}

test("a reply the model's window could not take the whole thread for says so, and a message too long for it is refused with nothing lost", async ({ page, chat, user }) => {
  void user;
  const threadId = randomUUID();
  for (let i = 1; i <= 4; i++) {
    const res = await post(page, threadId, question(i, 2500));
    expect(res.status()).toBe(200);
    await res.body();
  }
  await page.goto(`/chat/${threadId}`);
  await expect(chat.list).toHaveAttribute("data-loaded", "8");
  // The first three replies had the whole thread; the fourth was written without the first exchange.
  await expect(page.getByTestId("context-omitted")).toHaveCount(1);
  // On the newest reply, which the view opens at (the first ones are virtualized out of the page).
  const note = chat.assistant().getByTestId("context-omitted");
  await expect(note).toHaveText("Earlier messages were not sent (2 messages did not fit the model's context window)");
  // The list measures its rows as they come into view and may render the reply again meanwhile:
  // scrolled to once it holds still.
  await expect(async () => {
    await note.scrollIntoViewIfNeeded({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/context-omitted.png` });

  // A message longer than the whole window: a clear error, and the text is still there to shorten.
  const long = `Too long #tokens:3 `.padEnd(10_000, "lorem ipsum ");
  await chat.input.fill(long);
  await chat.input.press("Enter");
  await expect(page.getByText(/too long for fake-model-2: it is about [\d,]+ tokens, and fake-model-2 has room for 3,072/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/context-too-long.png` });
  // "Edit message" puts it back in the composer, and takes the unsaved message out of the thread.
  await page.getByTestId("error-action").click();
  await expect(chat.input).toHaveValue(long.trim());
  await expect(chat.list).toHaveAttribute("data-loaded", "8");
  await expect(page.getByText(/too long for fake-model-2/)).toHaveCount(0);
  // Nothing of it was saved.
  await page.reload();
  await expect(chat.list).toHaveAttribute("data-loaded", "8");
  await expect(chat.user()).toContainText("Question 4");
});
