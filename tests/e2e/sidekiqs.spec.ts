import type { Page } from "@playwright/test";
import { AuthPage, newCredentials } from "./pages/auth";
import { ChatPage } from "./pages/chat";
import { expect, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

type SidekiqForm = { name: string; description?: string; instructions: string; starters?: string[]; visibility?: "private" | "team" | "public" };

async function createSidekiq(page: Page, f: SidekiqForm): Promise<string> {
  await page.goto("/sidekiqs/new");
  await page.getByTestId("sk-name").fill(f.name);
  if (f.description) await page.getByTestId("sk-description").fill(f.description);
  await page.getByTestId("sk-instructions").fill(f.instructions);
  for (const [i, starter] of (f.starters ?? []).entries()) {
    await page.getByTestId("sk-add-starter").click();
    await page.getByTestId("sk-starter").nth(i).fill(starter);
  }
  if (f.visibility) await page.getByTestId(`sk-visibility-${f.visibility}`).click();
  if (f.visibility === "team") await expect(page.getByTestId("sk-team")).toBeVisible();
  await page.getByTestId("sk-save").click();
  await expect(page).toHaveURL(/\/sidekiqs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("sidekiq-name")).toHaveText(f.name);
  return page.url().split("/").at(-1)!;
}

/** A new chat with a Sidekiq picked by typing "@" and part of its name. */
async function pickWithMention(page: Page, query: string, name: string) {
  await page.goto("/");
  const input = page.getByTestId("composer-input");
  await input.fill(`@${query}`);
  await expect(page.getByTestId("mention-option").first()).toContainText(name);
  await input.press("Enter");
  await expect(page.getByTestId("thread-sidekiq")).toContainText(name);
  await expect(input).toHaveValue("");
}

test("create a Sidekiq with starters, chat with it through @, edit it and see the next reply change", async ({ page, chat, user }) => {
  void user;
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto("/sidekiqs/new");
  await page.getByTestId("sk-name").fill("Pirate");
  await page.getByTestId("sk-instructions").fill("#echo-system Speak like a pirate.");
  await expect(page.getByTestId("sk-instructions-count")).toContainText("33 / 32,000 characters · about 9 tokens");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/sidekiq-editor-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
  const id = await createSidekiq(page, { name: "Pirate", description: "Answers like a ship's captain.", instructions: "#echo-system Speak like a pirate.", starters: ["Where is the treasure?", "Name my parrot"] });

  await pickWithMention(page, "pir", "Pirate");
  await expect(page.getByTestId("starter")).toHaveCount(2);
  await page.getByTestId("starter").first().click();
  await expect(page.getByTestId("composer-input")).toHaveValue("Where is the treasure?");
  await page.getByTestId("composer-input").press("Enter");
  await chat.waitForReplyDone();
  await expect(chat.assistant()).toContainText("Instructions say: Speak like a pirate.");
  const threadId = chat.threadUrlId();
  await page.screenshot({ path: `${SHOTS}/sidekiq-thread-header.png` });

  // An edit changes the next reply; the earlier one keeps its version.
  await page.goto(`/sidekiqs/${id}/edit`);
  await page.getByTestId("sk-instructions").fill("#echo-system Speak like a robot.");
  await page.getByTestId("sk-note").fill("Robots now");
  await page.getByTestId("sk-save").click();
  await expect(page).toHaveURL(new RegExp(`/sidekiqs/${id}$`));
  await page.goto(`/chat/${threadId}`);
  await expect(page.getByTestId("thread-sidekiq")).toContainText("Pirate");
  await chat.sendMessage("And now?");
  await chat.waitForReplyDone();
  await expect(chat.assistant()).toContainText("Instructions say: Speak like a robot.");
  await expect(chat.assistant(0)).toContainText("pirate");
  await expect(chat.assistant(0).getByTestId("reply-model")).toHaveAttribute("title", "Answered with version 1 of the Sidekiq");
  await expect(chat.assistant().getByTestId("reply-model")).toHaveAttribute("title", "Answered with version 2 of the Sidekiq");

  await page.goto(`/sidekiqs/${id}`);
  await page.getByTestId("tab-versions").click();
  await expect(page.getByTestId("version")).toHaveCount(2);
  await expect(page.getByTestId("version-diff").locator('[data-change="added"]')).toContainText("robot");
  await expect(page.getByTestId("version-diff").locator('[data-change="removed"]')).toContainText("pirate");
  await page.screenshot({ path: `${SHOTS}/sidekiq-version-diff.png`, fullPage: true });
  await page.getByTestId("tab-usage").click();
  await expect(page.getByTestId("usage-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/sidekiq-usage.png`, fullPage: true });

  // An uploaded image replaces the emoji everywhere.
  const sharp = (await import("sharp")).default;
  const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#0ea5e9" } }).png().toBuffer();
  await page.goto(`/sidekiqs/${id}/edit`);
  await page.getByTestId("sk-avatar-file").setInputFiles({ name: "parrot.png", mimeType: "image/png", buffer: png });
  await page.getByTestId("sk-save").click();
  await expect(page).toHaveURL(new RegExp(`/sidekiqs/${id}$`));
  await expect(page.getByTestId("sidekiq-avatar").first().locator("img")).toHaveAttribute("src", new RegExp(`/api/sidekiqs/${id}/avatar\\?v=1`));
  await page.screenshot({ path: `${SHOTS}/sidekiq-page.png` });

  await page.goto("/sidekiqs");
  await expect(page.getByTestId("sidekiq-card")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/sidekiq-gallery.png` });
  // From the gallery straight into a chat with it, its default starters shown.
  await page.getByTestId("card-chat").click();
  await expect(page.getByTestId("thread-sidekiq")).toContainText("Pirate");
  await expect(page.getByTestId("starter")).toHaveCount(2);
  await page.goto("/sidekiqs");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/sidekiq-gallery-phone.png` });
});

test("a teammate joins by the copied link and uses the team Sidekiq until the owner makes it private", async ({ page, chat, user, browser }) => {
  void user;
  await page.goto("/teams");
  await page.getByTestId("team-name").fill("Crew");
  await page.getByTestId("create-team").click();
  await expect(page).toHaveURL(/\/teams\/.+/);
  const mate = newCredentials("Bo");
  await page.getByTestId("invite-email").fill(mate.email);
  await page.getByTestId("send-invite").click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(/\/invite\/.+/);
  const id = await createSidekiq(page, { name: "Crew helper", instructions: "#echo-system Crew rules apply.", visibility: "team" });
  await expect(page.getByTestId("sidekiq-visibility")).toHaveText("Team: Crew");

  const other = await browser.newContext();
  const mPage = await other.newPage();
  const mChat = new ChatPage(mPage);
  await new AuthPage(mPage).signUp(mate);
  await mPage.goto(new URL(link).pathname);
  // Without mail, the page says the link itself is the invitation.
  await expect(mPage.getByTestId("invite-link-secret")).toContainText("this link is the invitation itself");
  await mPage.screenshot({ path: `${SHOTS}/invitation-no-mail.png` });
  await mPage.getByTestId("accept-invite").click();
  await expect(mPage).toHaveURL(/\/teams\/.+/);
  await expect(mPage.getByTestId("team-members")).toContainText(mate.email);
  await pickWithMention(mPage, "crew", "Crew helper");
  await mChat.sendMessage("Hello crew");
  await mChat.waitForReplyDone();
  await expect(mChat.assistant()).toContainText("Instructions say: Crew rules apply.");

  // The owner makes it private: the teammate's next message is refused, with a way on.
  await page.goto(`/sidekiqs/${id}/edit`);
  await page.getByTestId("sk-visibility-private").click();
  await page.getByTestId("sk-save").click();
  await expect(page.getByTestId("sidekiq-visibility")).toHaveText("Private");
  await mChat.sendMessage("Still there?");
  await expect(mPage.getByTestId("message-error")).toContainText("no longer available");
  await mPage.screenshot({ path: `${SHOTS}/sidekiq-unavailable.png` });
  await mPage.getByTestId("error-action").click();
  await mChat.waitForReplyDone();
  await expect(mChat.assistant()).not.toContainText("Instructions say");
  await expect(mPage.getByTestId("thread-sidekiq")).toHaveCount(0);
  await other.close();
  void chat;
});
