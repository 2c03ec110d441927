import { randomUUID } from "node:crypto";
import { expect, settled, test, sameOrigin } from "./fixtures";

const SHOTS = "test-results/screenshots";

test("Ctrl+K finds a message deep in a 1,000-message thread and opens the thread scrolled to it", async ({ page, chat, user }) => {
  void user;
  test.slow();
  await chat.sendMessage("Trip planning #tokens:1");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // 499 more exchanges through the real chat endpoint: 1,000 messages, the 11th of them the one to find.
  for (let i = 1; i < 500; i++) {
    const text = i === 5 ? "Remember the quetzal sanctuary near Monteverde #tokens:1 #delay:0" : `Filler question ${i} #tokens:1 #delay:0`;
    const res = await page.request.post("/api/chat", {
    headers: sameOrigin,
      data: { threadId, modelId: "openai-compatible:fake-model", message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] } },
    });
    expect(res.status()).toBe(200);
    await res.body();
  }
  await chat.newChat();

  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await expect(palette).toBeVisible();
  await page.getByTestId("palette-input").fill("quetzl monteverde");
  const result = palette.getByTestId("palette-result").first();
  await expect(result).toContainText("quetzal sanctuary");
  await expect(result.locator("mark").first()).toHaveText(/quetzal/i);
  await expect(palette.getByText("Trip planning")).toBeVisible();
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/search-palette.png` });
  const messageId = await result.getAttribute("data-message-id");
  expect(messageId).toBeTruthy();

  await page.keyboard.press("Enter");
  await expect(palette).toHaveCount(0);
  const target = page.locator(`[data-message-id="${messageId}"]`);
  await expect(target).toBeInViewport({ timeout: 20_000 });
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(target).toContainText("quetzal sanctuary");
  await expect(page).toHaveURL(new RegExp(`/chat/${threadId}$`));
  await page.screenshot({ path: `${SHOTS}/search-jump.png` });

  // The palette's commands: a new chat from the keyboard.
  await page.keyboard.press("Control+k");
  await page.getByTestId("palette-input").fill("new");
  await page.getByTestId("palette-command-new-chat").click();
  await expect(page.getByTestId("empty-state")).toBeVisible();
});

test("the palette groups results by thread and switches to the branch a result is on", async ({ page, chat, user }) => {
  void user;
  await chat.sendMessage("Ask about the okapi #tokens:2");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // An edit of the first message: the okapi question lives on on a branch not shown.
  await chat.user(0).hover();
  await chat.user(0).getByTestId("edit-button").click();
  await page.getByTestId("message-editor").getByRole("textbox").fill("Ask about the tapir instead #tokens:2");
  await page.getByTestId("edit-send").click();
  await chat.waitForReplyDone();
  await expect(chat.user(0)).toContainText("tapir");

  await page.getByTestId("nav-search").click();
  await page.getByTestId("palette-input").fill("okapi");
  const results = page.getByTestId("palette-result");
  // The title ("Ask about the okapi") and the question, under one heading.
  await expect(results).toHaveCount(2);
  await expect(page.getByTestId("palette-thread")).toHaveCount(1);
  await page.locator('[data-testid="palette-result"][data-message-id]').click();
  await expect(chat.user(0)).toContainText("okapi");
  await expect(page).toHaveURL(new RegExp(`/chat/${threadId}$`));
});

test("the palette's filters narrow the results, and a Sidekiq is one pick away", async ({ page, chat, user }) => {
  void user;
  await chat.sendMessage("Quokka picnic on the island #tokens:1");
  await chat.waitForReplyDone();
  const pinned = chat.threadUrlId();
  await chat.newChat();
  await chat.sendMessage("Quokka photos from last spring #tokens:1");
  await chat.waitForReplyDone();
  const archived = chat.threadUrlId();
  const call = (path: string, json: unknown) => page.request.post(`/api/trpc/${path}`, { headers: sameOrigin, data: { json } });
  expect((await call("threads.pin", { threadId: pinned, pinned: true })).status()).toBe(200);
  expect((await call("threads.archive", { threadId: archived, archived: true })).status()).toBe(200);
  expect((await call("sidekiqs.create", { name: "Quokka Coach", description: "Plans trips to Rottnest" })).status()).toBe(200);
  await chat.newChat();

  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await page.getByTestId("palette-input").fill("quokka");
  const resultsOf = (threadId: string) => palette.locator(`[data-testid="palette-result"][data-thread-id="${threadId}"]`);
  await expect(resultsOf(pinned).first()).toBeVisible();
  await expect(resultsOf(archived).first()).toBeVisible();

  // Archived only, then pinned only: each leaves the other chat out.
  await palette.getByTestId("palette-filter-archived").click();
  await expect(palette.getByTestId("palette-filter-archived")).toHaveAttribute("aria-pressed", "true");
  await expect(resultsOf(pinned)).toHaveCount(0);
  await expect(resultsOf(archived).first()).toBeVisible();
  await palette.getByTestId("palette-filter-archived").click();
  await palette.getByTestId("palette-filter-pinned").click();
  await expect(resultsOf(archived)).toHaveCount(0);
  await expect(resultsOf(pinned).first()).toBeVisible();

  // Past week as well (both were written today): still only the pinned one. Clear brings both back.
  await palette.getByTestId("palette-filter-date").click();
  await page.getByRole("menuitemradio", { name: "Past week" }).click();
  await expect(palette.getByTestId("palette-filter-date")).toContainText("Past week");
  await expect(resultsOf(pinned).first()).toBeVisible();
  await expect(resultsOf(archived)).toHaveCount(0);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/search-filters.png` });
  await palette.getByTestId("palette-filters-clear").click();
  await expect(resultsOf(archived).first()).toBeVisible();
  await expect(resultsOf(pinned).first()).toBeVisible();

  // The Sidekiq whose name matches is listed beside the chats, and starts a chat with it.
  const sidekiq = palette.getByTestId("palette-sidekiq").filter({ hasText: "Quokka Coach" });
  await expect(sidekiq).toBeVisible();
  await sidekiq.click();
  await expect(palette).toHaveCount(0);
  await expect(page).toHaveURL(/\/\?sidekiq=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("sidekiq-welcome")).toContainText("Quokka Coach");
});
