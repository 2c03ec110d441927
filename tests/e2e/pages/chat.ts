import { expect, type Locator, type Page } from "@playwright/test";

export class ChatPage {
  readonly input: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  /** The messages in the page: the list is virtualized, so in a long thread only those near the view. */
  readonly messages: Locator;
  /** The message list; its data-loaded is how many messages of the path are loaded, rendered or not. */
  readonly list: Locator;
  readonly threads: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByTestId("composer-input");
    this.send = page.getByTestId("send-button");
    this.stop = page.getByTestId("stop-button");
    this.messages = page.getByTestId("message");
    this.list = page.getByTestId("message-list");
    this.threads = page.getByTestId("thread-item");
  }

  async newChat() {
    await this.page.getByTestId("new-chat-button").click();
    await expect(this.page.getByTestId("empty-state")).toBeVisible();
  }

  async sendMessage(text: string) {
    await this.input.fill(text);
    await this.input.press("Enter");
  }

  assistant(n = -1): Locator {
    const all = this.page.locator('[data-testid="message"][data-role="assistant"]');
    return n < 0 ? all.last() : all.nth(n);
  }

  user(n = -1): Locator {
    const all = this.page.locator('[data-testid="message"][data-role="user"]');
    return n < 0 ? all.last() : all.nth(n);
  }

  async waitForReplyDone() {
    await expect(this.stop).toHaveCount(0, { timeout: 30_000 });
    await expect(this.send).toBeVisible();
  }

  threadUrlId(): string {
    const m = /\/chat\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!m) throw new Error(`not on a thread page: ${this.page.url()}`);
    return m[1]!;
  }

  thread(id: string): Locator {
    return this.page.locator(`[data-testid="thread-item"][data-thread-id="${id}"]`);
  }

  async openThreadMenu(id: string) {
    const row = this.thread(id);
    await row.hover();
    await row.getByTestId("thread-menu-button").click();
  }
}
