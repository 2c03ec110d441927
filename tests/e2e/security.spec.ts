import { expect, sameOrigin, test } from "./fixtures";

const BASE = sameOrigin.origin;

// Every page of the app, signed in, with the fixture failing the test on any CSP violation.
test("every page loads under the nonce-based Content-Security-Policy with no violation", async ({ page, chat, user }) => {
  void user;
  await chat.sendMessage("A table and some code, please #markdown");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  const made = await page.request.post("/api/trpc/sidekiqs.create", { headers: sameOrigin, data: { json: { name: "Policy Pal", description: "Checks pages" } } });
  const sidekiqId = ((await made.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  const shared = await page.request.post("/api/trpc/shares.create", { headers: sameOrigin, data: { json: { threadId } } });
  const token = ((await shared.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
  const pages = ["/", `/chat/${threadId}`, "/sidekiqs", "/sidekiqs/new", `/sidekiqs/${sidekiqId}`, `/sidekiqs/${sidekiqId}/edit`, "/teams", "/library", "/archive", `/share/${token}`, "/no-such-page"];
  for (const path of pages) {
    const res = await page.goto(path);
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    // Next's own scripts carry this response's nonce (the DOM hides the attribute's value; the property has it).
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    await expect.poll(() => page.evaluate(() => [...document.scripts].filter((s) => s.src).map((s) => s.nonce)), { message: path }).not.toHaveLength(0);
    expect(new Set(await page.evaluate(() => [...document.scripts].map((s) => s.nonce))), path).toEqual(new Set([nonce]));
    await page.waitForLoadState("networkidle");
  }
  // Signed out, the auth pages too.
  await page.context().clearCookies();
  for (const path of ["/sign-in", "/sign-up"]) {
    await page.goto(path);
    await expect(page.getByTestId("auth-submit")).toBeVisible();
  }
});

test("no other site can frame the app", async ({ page, user }) => {
  void user;
  const framer = await page.context().newPage();
  // A page on another origin that frames the signed-in app.
  await framer.route("http://framer.test/", (route) => route.fulfill({ contentType: "text/html", body: `<iframe id="f" src="${BASE}/" width="800" height="600"></iframe>` }));
  await framer.goto("http://framer.test/");
  const frame = await (await framer.locator("#f").elementHandle())!.contentFrame();
  // The frame shows the browser's error page, never the app.
  await expect.poll(() => frame!.url()).toMatch(/^chrome-error:/);
  await expect(framer.frameLocator("#f").getByTestId("chat-view")).toHaveCount(0);
  // The same page, opened on its own, is the app.
  const direct = await page.goto("/");
  expect(direct?.headers()["x-frame-options"]).toBe("DENY");
  await expect(page.getByTestId("chat-view")).toBeVisible();
  await framer.screenshot({ path: "test-results/screenshots/framing-blocked.png" });
  await framer.close();
});
