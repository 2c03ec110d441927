import { expect, settled, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

test("share a chat: the link opens signed out, read only and not indexed; stopping it makes it a 404", async ({ page, chat, user, browser }) => {
  await chat.sendMessage("Write a haiku about rain #markdown");
  await chat.waitForReplyDone();
  await page.getByTestId("open-share").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog).toContainText("No links yet.");
  await dialog.getByTestId("share-create").click();
  const url = await dialog.getByTestId("share-url").inputValue();
  expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/share-dialog.png` });

  // Someone with the link, signed out.
  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  const res = await other.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(other.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(other.getByTestId("shared-message")).toHaveCount(2);
  await expect(other.getByTestId("shared-message").first()).toContainText("Write a haiku about rain");
  await expect(other.getByTestId("shared-sign-in")).toBeVisible();
  await expect(other.locator("body")).not.toContainText(user.email);
  // The same hardened markdown as the chat: the sample's table and code render.
  await expect(other.locator("table").first()).toBeVisible();
  await other.screenshot({ path: `${SHOTS}/share-page.png`, fullPage: true });

  await dialog.getByTestId("share-revoke").click();
  await expect(dialog).toContainText("No links yet.");
  expect((await other.goto(url))?.status()).toBe(404);
  await visitor.close();
});
