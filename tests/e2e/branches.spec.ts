import { expect, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

test("edit a message, regenerate with another model, switch with the arrows, reload, and branch off", async ({ page, chat, user }) => {
  void user;
  await page.setViewportSize({ width: 1280, height: 860 });
  await chat.sendMessage("Name a planet");
  await chat.waitForReplyDone();
  await expect(chat.assistant()).toContainText("You said: Name a planet");
  await chat.sendMessage("And a moon");
  await chat.waitForReplyDone();
  await expect(chat.assistant()).toContainText("You said: And a moon");

  // Edit the first message: a new version, and the conversation after it is that version's.
  await chat.user(0).hover();
  await chat.user(0).getByTestId("edit-button").click();
  const editor = page.getByTestId("message-editor").getByRole("textbox");
  await expect(editor).toHaveValue("Name a planet");
  await editor.fill("Name a star");
  await page.getByTestId("edit-send").click();
  await chat.waitForReplyDone();
  await expect(chat.messages).toHaveCount(2);
  await expect(chat.assistant()).toContainText("You said: Name a star");
  await expect(chat.user(0).getByTestId("branch-position")).toHaveText("2/2");

  // Regenerate with the other model: a sibling reply, ‹2/2› on the reply.
  await chat.assistant().hover();
  await chat.assistant().getByTestId("regenerate-button").click();
  await expect(page.getByTestId("regenerate-menu")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/branches-regenerate-menu.png` });
  await page.getByTestId("regenerate-model").first().click();
  await chat.waitForReplyDone();
  await expect(chat.assistant().getByTestId("branch-position")).toHaveText("2/2");
  await expect(chat.assistant().getByTestId("reply-model")).toContainText(/2/);
  await page.screenshot({ path: `${SHOTS}/branches-arrows.png` });

  // Back to the first version of the question: the old branch, as it was left.
  await chat.user(0).getByTestId("branch-prev").click();
  await expect(chat.user(0).getByTestId("branch-position")).toHaveText("1/2");
  await expect(chat.messages).toHaveCount(4);
  await expect(chat.user(0)).toContainText("Name a planet");
  await expect(chat.assistant()).toContainText("You said: And a moon");

  // A reload opens the same branch.
  await page.reload();
  await expect(chat.messages).toHaveCount(4);
  await expect(chat.user(0).getByTestId("branch-position")).toHaveText("1/2");
  await expect(chat.user(1)).toContainText("And a moon");

  // Branch off at the first reply: a new thread holding the path up to it.
  const source = chat.threadUrlId();
  await chat.assistant(0).hover();
  await chat.assistant(0).getByTestId("fork-button").click();
  await expect(page).not.toHaveURL(new RegExp(source));
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(chat.messages).toHaveCount(2);
  await expect(chat.user(0)).toContainText("Name a planet");
  await expect(page.getByTestId("thread-item").filter({ hasText: "Fork of" })).toHaveCount(1);
  await chat.sendMessage("Continue here");
  await chat.waitForReplyDone();
  await expect(chat.messages).toHaveCount(4);

  // The source is untouched.
  await page.goto(`/chat/${source}`);
  await expect(chat.messages).toHaveCount(4);
  await expect(chat.user(1)).toContainText("And a moon");
});
