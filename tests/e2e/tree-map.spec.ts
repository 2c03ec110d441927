import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, settled, test, sameOrigin } from "./fixtures";

const SHOTS = "test-results/screenshots";
const MODEL = "openai-compatible:fake-model";

/** One turn through the real chat endpoint: a new message (after the leaf, or under `parentMessageId`), or another reply. */
async function turn(page: Page, threadId: string, body: Record<string, unknown>) {
  const res = await page.request.post("/api/chat", { headers: sameOrigin, data: { threadId, modelId: MODEL, ...body } });
  expect(res.status()).toBe(200);
  await res.body();
}
const say = (text: string) => ({ message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `${text} #delay:0` }] } });

test("the tree map shows every branch and the current path, and a click switches to a branch", async ({ page, chat, user }) => {
  void user;
  await page.setViewportSize({ width: 1280, height: 860 });
  await chat.sendMessage("Plan a weekend in Lisbon");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // Lisbon: three turns, and three replies to the last one (two more with another model).
  await turn(page, threadId, say("What about day two in Lisbon?"));
  await turn(page, threadId, say("Where to eat in Lisbon?"));
  await turn(page, threadId, { retry: true, modelId: "openai-compatible:fake-model-2" });
  await turn(page, threadId, { retry: true });
  // Porto: the first question asked again, as a new version, and a turn after it. The thread is on it now.
  await turn(page, threadId, { ...say("Plan a weekend in Porto"), parentMessageId: null });
  await turn(page, threadId, say("What about day two in Porto?"));

  await page.reload();
  await expect(chat.messages).toHaveCount(4);
  await expect(chat.user(0)).toContainText("Porto");

  // The header's button opens the map: the Lisbon run, its three replies, and the Porto run.
  await page.getByTestId("open-tree-map").click();
  const map = page.getByTestId("tree-map");
  const nodes = map.getByTestId("tree-node");
  await expect(nodes).toHaveCount(5);
  await expect(page.getByTestId("tree-map-summary")).toContainText("4 branches · 12 messages");
  const current = map.locator('[data-testid="tree-node"][data-current]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("Plan a weekend in Porto");
  await expect(current).toContainText("Branch: 4 messages");
  await expect(map.locator('[data-testid="tree-node"][data-on-path]')).toHaveCount(1);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/tree-map-desktop-light.png` });

  // It opens on the current branch; "fit view" shows the whole tree. Jump to the second Lisbon
  // reply: the map closes on that branch.
  await map.locator(".react-flow__controls-fitview").click();
  const lisbonReplies = map.locator('[data-testid="tree-node"][data-starts-with="assistant"]');
  await expect(lisbonReplies).toHaveCount(3);
  await lisbonReplies.nth(1).click();
  await expect(map).toHaveCount(0);
  await expect(chat.messages).toHaveCount(6);
  await expect(chat.user(0)).toContainText("Lisbon");
  await expect(chat.assistant().getByTestId("branch-position")).toHaveText("2/3");

  // The shortcut opens it again, on the new path; a reload keeps the branch.
  await page.keyboard.press("Control+Shift+E");
  await expect(map.locator('[data-testid="tree-node"][data-on-path]')).toHaveCount(2);
  await expect(map.locator('[data-testid="tree-node"][data-current]')).toHaveAttribute("data-starts-with", "assistant");
  await page.keyboard.press("Escape");
  await expect(map).toHaveCount(0);
  await page.reload();
  await expect(chat.messages).toHaveCount(6);
  await expect(chat.assistant().getByTestId("branch-position")).toHaveText("2/3");

  // The screenshots a person looks at: the arrows, the regenerate menu and the map, dark and on a phone.
  for (const v of [
    { name: "desktop-dark", width: 1280, height: 860, scheme: "dark" as const },
    { name: "phone-light", width: 390, height: 844, scheme: "light" as const },
    { name: "phone-dark", width: 390, height: 844, scheme: "dark" as const },
  ]) {
    await page.emulateMedia({ colorScheme: v.scheme });
    await page.setViewportSize({ width: v.width, height: v.height });
    await chat.assistant().scrollIntoViewIfNeeded();
    await chat.assistant().hover();
    await expect(chat.assistant().getByTestId("branch-position")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/branches-arrows-${v.name}.png` });
    await chat.assistant().getByTestId("regenerate-button").click();
    await expect(page.getByTestId("regenerate-menu")).toBeVisible();
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/branches-regenerate-menu-${v.name}.png` });
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("regenerate-menu")).toHaveCount(0);
    await page.getByTestId("open-tree-map").click();
    await expect(map.locator('[data-testid="tree-node"][data-current]')).toBeVisible();
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/tree-map-${v.name}.png` });
    await page.keyboard.press("Escape");
    await expect(map).toHaveCount(0);
  }
});

test("the map stays readable at 500 messages and 50 branches: runs collapse into boxes, fit view shows them all", async ({ page, chat, user }) => {
  void user;
  test.slow();
  await page.setViewportSize({ width: 1280, height: 860 });
  await chat.sendMessage("Question 0 #tokens:1");
  await chat.waitForReplyDone();
  const threadId = chat.threadUrlId();
  // 50 times: four turns, then another reply to the last one (the first stays, a branch of its own).
  for (let b = 1; b <= 50; b++) {
    for (let k = 1; k <= 4; k++) await turn(page, threadId, say(`Question ${b}.${k} #tokens:1`));
    await turn(page, threadId, { retry: true });
  }
  const messages = 2 + 50 * 9;
  await page.reload();
  await page.getByTestId("open-tree-map").click();
  const map = page.getByTestId("tree-map");
  // One box per run: the first run, and at each of the 50 forks the two replies.
  await expect(map.getByTestId("tree-node")).toHaveCount(1 + 50 * 2);
  await expect(page.getByTestId("tree-map-summary")).toContainText(`51 branches · ${messages} messages`);
  await expect(map.locator('[data-testid="tree-node"][data-current]')).toBeInViewport();
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/tree-map-500-current.png` });
  await map.locator(".react-flow__controls-fitview").click();
  await settled(page);
  // The path shown runs straight down: all its boxes in one column, the other branches beside it.
  const onPath = map.locator('[data-testid="tree-node"][data-on-path]');
  await expect(onPath).toHaveCount(51);
  const lefts = new Set(await onPath.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left))));
  expect(lefts.size).toBe(1);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/tree-map-500-fit.png` });
  await page.keyboard.press("Escape");
  await expect(map).toHaveCount(0);
});
