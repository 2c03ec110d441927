import { test as base, type Page } from "@playwright/test";
import { AuthPage, type Credentials, newCredentials } from "./pages/auth";
import { ChatPage } from "./pages/chat";

type Fixtures = { auth: AuthPage; chat: ChatPage; user: Credentials };

/**
 * A freshly signed-up user on the new-chat page. Every page of every test reports the Content
 * Security Policy's violations (the `securitypolicyviolation` event, and Chromium's console
 * message for one), and a test whose pages had any fails.
 */
export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    const violations: string[] = [];
    await page.exposeFunction("__reportCspViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`);
      });
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await use(page);
    if (violations.length) throw new Error(`Content Security Policy violations:\n${violations.join("\n")}`);
  },
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
