import { expect, test } from "./fixtures";

// Screenshots a person looks at before calling a UI change done: light and dark, desktop and phone.
const shots = [
  { name: "desktop-light", width: 1280, height: 800, scheme: "light" as const },
  { name: "desktop-dark", width: 1280, height: 800, scheme: "dark" as const },
  { name: "phone-light", width: 390, height: 844, scheme: "light" as const },
  { name: "phone-dark", width: 390, height: 844, scheme: "dark" as const },
];

test("chat page screenshots", async ({ page, chat, user }) => {
  void user;
  await chat.sendMessage("Plan my Lisbon weekend, with a table and some code #markdown");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  for (const s of shots) {
    await page.emulateMedia({ colorScheme: s.scheme });
    await page.setViewportSize({ width: s.width, height: s.height });
    await page.goto(`/chat/${threadId}`);
    await expect(chat.assistant()).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/chat-${s.name}.png` });
  }
  await page.goto("/");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/new-chat-desktop-dark.png" });
});
