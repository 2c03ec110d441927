import { expect, test } from "./fixtures";
import { AuthPage, newCredentials } from "./pages/auth";
import { ChatPage } from "./pages/chat";

test("a second user cannot open the first user's thread", async ({ browser }) => {
  const adaContext = await browser.newContext();
  const adaPage = await adaContext.newPage();
  await new AuthPage(adaPage).signUp(newCredentials("Ada"));
  const adaChat = new ChatPage(adaPage);
  await adaChat.sendMessage("My private plans #tokens:3");
  await adaChat.waitForReplyDone();
  const threadId = adaChat.threadUrlId();

  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await new AuthPage(bobPage).signUp(newCredentials("Bob"));
  const res = await bobPage.goto(`/chat/${threadId}`);
  expect(res?.status()).toBe(404);
  await expect(bobPage.getByTestId("not-found")).toBeVisible();
  await expect(bobPage.getByText("My private plans")).toHaveCount(0);
  await expect(new ChatPage(bobPage).thread(threadId)).toHaveCount(0);

  // The API says the same as the page.
  const api = await bobPage.request.get(`/api/trpc/messages.list?input=${encodeURIComponent(JSON.stringify({ json: { threadId } }))}`);
  expect(api.status()).toBe(404);

  await adaContext.close();
  await bobContext.close();
});

test("signed-out visitors are sent to sign in, and sign-out works", async ({ page, auth }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  const c = newCredentials("Cy");
  await auth.signUp(c);
  await auth.signOut();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await auth.signIn(c);
});
