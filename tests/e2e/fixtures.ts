import { test as base, type Page } from "@playwright/test";
import { AuthPage, type Credentials, newCredentials } from "./pages/auth";
import { ChatPage } from "./pages/chat";

type Fixtures = { auth: AuthPage; chat: ChatPage; user: Credentials };

/** A freshly signed-up user on the new-chat page. */
export const test = base.extend<Fixtures>({
  auth: async ({ page }, use) => use(new AuthPage(page)),
  chat: async ({ page }, use) => use(new ChatPage(page)),
  user: async ({ auth }, use) => {
    const c = newCredentials();
    await auth.signUp(c);
    await use(c);
  },
});

export { expect } from "@playwright/test";

/** The panels slide and the menus fade in: a screenshot waits for them to settle. */
export const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));

/** What a browser sends with a request that changes something; `page.request` sends none of its own. */
export const sameOrigin = { origin: `http://127.0.0.1:${Number(process.env.E2E_PORT || 3210)}` };
