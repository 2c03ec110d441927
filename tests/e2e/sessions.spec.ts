import { AuthPage } from "./pages/auth";
import { expect, settled, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

test("the sessions list shows every signed-in browser, and revoking one signs that browser out at once", async ({ page, user, browser }) => {
  // The same account in a second browser.
  const other = await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1" });
  const phone = await other.newPage();
  await new AuthPage(phone).signIn(user);

  await page.getByTestId("user-menu-button").click();
  await page.getByTestId("nav-settings").click();
  await expect(page).toHaveURL(/\/settings$/);
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  const mine = page.locator('[data-testid="session-row"][data-current]');
  await expect(mine).toContainText("This device");
  await expect(mine).toContainText("Active now");
  const theirs = page.locator('[data-testid="session-row"]:not([data-current])');
  await expect(theirs).toContainText("Safari 18 on iOS");
  await expect(theirs).toContainText("127.0.0.1");
  await page.getByTestId("sessions").scrollIntoViewIfNeeded();
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/settings.png` });
  await page.getByTestId("sessions").screenshot({ path: `${SHOTS}/settings-sessions.png` });
  // Dark, and at phone width.
  await page.emulateMedia({ colorScheme: "dark" });
  await settled(page);
  await page.getByTestId("sessions").screenshot({ path: `${SHOTS}/settings-sessions-dark.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("sessions").scrollIntoViewIfNeeded();
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/settings-phone-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: `${SHOTS}/settings-phone-light.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  await theirs.getByTestId("revoke-session").click();
  await expect(rows).toHaveCount(1);
  // The phone is signed out: its next page load goes to sign-in, and its API calls are refused.
  await phone.reload();
  await expect(phone).toHaveURL(/\/sign-in/);
  const res = await phone.request.get("/api/trpc/threads.list?input=%7B%22json%22%3A%7B%7D%7D");
  expect(res.status()).toBe(401);
  // This browser is still signed in.
  await page.reload();
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  await other.close();
});

test("Sign out everywhere ends this browser's session too", async ({ page, user, browser }) => {
  const other = await browser.newContext();
  const second = await other.newPage();
  await new AuthPage(second).signIn(user);
  await page.goto("/settings");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await page.getByTestId("sign-out-everywhere").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await second.reload();
  await expect(second).toHaveURL(/\/sign-in/);
  await other.close();
});
