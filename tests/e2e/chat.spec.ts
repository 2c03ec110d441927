import { expect, test } from "./fixtures";

test.describe("chat", () => {
  test("sends a message, streams the reply, keeps it across a reload, and titles the thread", async ({ page, chat, user }) => {
    void user;
    await chat.sendMessage("Plan a weekend in Lisbon #tokens:60 #delay:25");
    await expect(chat.user()).toContainText("Plan a weekend in Lisbon");
    // While it streams, Stop replaces Send and the text grows.
    await expect(chat.stop).toBeVisible();
    const reply = chat.assistant();
    await expect(reply.getByTestId("message-content")).toContainText("Sure.");
    const early = (await reply.getByTestId("message-content").innerText()).length;
    await chat.waitForReplyDone();
    const done = (await reply.getByTestId("message-content").innerText()).length;
    expect(done).toBeGreaterThan(early);
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    const threadId = chat.threadUrlId();

    // The auto-title appears in the sidebar without a reload.
    await expect(chat.thread(threadId).getByTestId("thread-title-text")).toHaveText("Plan a weekend in");

    await page.reload();
    await expect(chat.user()).toContainText("Plan a weekend in Lisbon");
    await expect(chat.assistant()).toHaveAttribute("data-status", "complete");
    expect((await chat.assistant().getByTestId("message-content").innerText()).length).toBe(done);
    await expect(chat.thread(threadId)).toHaveAttribute("data-active", "true");

    // A second turn continues the same thread.
    await chat.sendMessage("And on Sunday? #tokens:5");
    await chat.waitForReplyDone();
    await expect(chat.messages).toHaveCount(4);
  });

  test("a thread's page is rendered on the server, and shows a skeleton while it loads", async ({ page, chat, user }) => {
    void user;
    await chat.sendMessage("Rendered on the server #tokens:3");
    await chat.waitForReplyDone();
    const threadId = chat.threadUrlId();

    // The document itself carries the history: the first paint needs no client fetch.
    const html = await (await page.request.get(`/chat/${threadId}`)).text();
    expect(html).toContain("Rendered on the server");

    // Opening it from the sidebar while the server is slow shows the page's skeleton, then the chat.
    await page.goto("/");
    await expect(chat.thread(threadId)).toBeVisible();
    await page.route(
      (url) => url.pathname === `/chat/${threadId}`,
      async (route) => {
        await new Promise((r) => setTimeout(r, 1_500));
        await route.continue();
      },
    );
    await chat.thread(threadId).getByTestId("thread-title-text").click();
    await expect(page.getByTestId("thread-loading")).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/thread-loading.png" });
    await expect(chat.user()).toContainText("Rendered on the server");
    await expect(page.getByTestId("thread-loading")).toHaveCount(0);
  });

  test("renames and deletes a thread from the sidebar", async ({ page, chat, user }) => {
    void user;
    await chat.sendMessage("Something to rename #tokens:3");
    await chat.waitForReplyDone();
    const threadId = chat.threadUrlId();
    await expect(chat.thread(threadId)).toBeVisible();

    await chat.openThreadMenu(threadId);
    await page.getByTestId("thread-rename").click();
    await page.getByTestId("rename-input").fill("Renamed by me");
    await page.getByTestId("rename-save").click();
    await expect(chat.thread(threadId).getByTestId("thread-title-text")).toHaveText("Renamed by me");
    await page.reload();
    await expect(chat.thread(threadId).getByTestId("thread-title-text")).toHaveText("Renamed by me");

    await chat.openThreadMenu(threadId);
    await page.getByTestId("thread-delete").click();
    await page.getByTestId("delete-confirm").click();
    await expect(chat.thread(threadId)).toHaveCount(0);
    await expect(page).not.toHaveURL(new RegExp(threadId));
    await page.goto(`/chat/${threadId}`);
    await expect(page.getByTestId("not-found")).toBeVisible();
  });

  test("Stop ends the reply on the server and keeps the partial text", async ({ page, chat, user }) => {
    void user;
    await chat.sendMessage("Write a very long essay #tokens:400 #delay:40");
    const reply = chat.assistant();
    await expect(reply.getByTestId("message-content")).toContainText("Sure.");
    await chat.stop.click();
    await chat.waitForReplyDone();
    const partial = await reply.getByTestId("message-content").innerText();
    expect(partial.split(/\s+/).length).toBeLessThan(400);

    await page.reload();
    await expect(chat.assistant()).toHaveAttribute("data-status", "stopped");
    const saved = await chat.assistant().getByTestId("message-content").innerText();
    expect(saved.startsWith(partial.slice(0, 20))).toBe(true);
  });

  test("a provider failure mid-reply shows an error and Retry recovers", async ({ page, chat, user }) => {
    void user;
    await chat.sendMessage("Flaky question #tokens:20 #delay:10 #error-once-after:5");
    await expect(page.getByTestId("message-error")).toBeVisible();
    await expect(page.getByTestId("message-error")).not.toContainText("secret internals");
    await page.getByTestId("retry-button").click();
    await chat.waitForReplyDone();
    await expect(page.getByTestId("message-error")).toHaveCount(0);
    await page.reload();
    await expect(chat.messages).toHaveCount(2);
    await expect(chat.assistant()).toHaveAttribute("data-status", "complete");
  });
});
