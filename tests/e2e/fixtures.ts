import { test as base } from "@playwright/test";
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
