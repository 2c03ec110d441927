import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export type Credentials = { name: string; email: string; password: string };

export function newCredentials(name = "Ada"): Credentials {
  return { name, email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`, password: "correct horse battery" };
}

export class AuthPage {
  constructor(private readonly page: Page) {}

  async signUp(c: Credentials) {
    await this.page.goto("/sign-up");
    await this.page.getByTestId("name-input").fill(c.name);
    await this.page.getByTestId("email-input").fill(c.email);
    await this.page.getByTestId("password-input").fill(c.password);
    await this.page.getByTestId("auth-submit").click();
    await expect(this.page.getByTestId("chat-view")).toBeVisible();
  }

  async signIn(c: Credentials) {
    await this.page.goto("/sign-in");
    await this.page.getByTestId("email-input").fill(c.email);
    await this.page.getByTestId("password-input").fill(c.password);
    await this.page.getByTestId("auth-submit").click();
    await expect(this.page.getByTestId("chat-view")).toBeVisible();
  }

  async signOut() {
    await this.page.getByTestId("user-menu-button").click();
    await this.page.getByTestId("sign-out").click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
