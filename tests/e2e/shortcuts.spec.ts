import { expect, settled, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

test("the keyboard shortcuts: help, sidebar, new chat, focus, copy the last reply, and stop", async ({ page, context, chat, user }) => {
  void user;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await page.keyboard.press("Control+/");
  const help = page.getByTestId("shortcuts-dialog");
  await expect(help).toBeVisible();
  await expect(help.getByTestId("shortcut-row")).toHaveCount(8);
  await expect(help).toContainText("Copy the last reply");
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/shortcuts-help.png` });
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  // Ctrl+B hides the sidebar, and again shows it (remembered across a reload).
  await page.keyboard.press("Control+b");
  await expect(page.getByTestId("new-chat-button")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("composer-input")).toBeVisible();
  await expect(page.getByTestId("new-chat-button")).toHaveCount(0);
  await page.keyboard.press("Control+b");
  await expect(page.getByTestId("new-chat-button")).toBeVisible();

  // Shift+Esc puts the cursor in the message box; a reply, then Ctrl+Shift+C copies it.
  await page.locator("body").click({ position: { x: 700, y: 300 } });
  await page.keyboard.press("Shift+Escape");
  await expect(chat.input).toBeFocused();
  await chat.sendMessage("Say something #tokens:4");
  await chat.waitForReplyDone();
  const reply = (await chat.assistant().getByTestId("message-content").innerText()).trim();
  await page.keyboard.press("Control+Shift+c");
  await expect(page.getByText("Copied the last reply.")).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(reply);

  // Esc stops a reply being written.
  await chat.sendMessage("A long one #tokens:400 #delay:40");
  await expect(chat.stop).toBeVisible();
  await page.keyboard.press("Escape");
  await chat.waitForReplyDone();
  await expect(chat.assistant()).toHaveAttribute("data-status", "stopped");

  // Ctrl+Shift+O: a new chat.
  const threadUrl = page.url();
  await page.keyboard.press("Control+Shift+o");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  expect(page.url()).not.toBe(threadUrl);
});
