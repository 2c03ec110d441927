import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, settled, test, sameOrigin } from "./fixtures";

const SHOTS = "test-results/screenshots";

/** A drag with the mouse, in steps, as a person does it (dnd-kit starts after 6 px). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(a.x + a.width / 2 + ((b.x + b.width / 2 - a.x - a.width / 2) * i) / 12, a.y + a.height / 2 + ((b.y + b.height / 2 - a.y - a.height / 2) * i) / 12);
  await page.mouse.up();
}

test("folders: make one, drag a chat into it, move it out by its menu, and delete the folder without losing a chat", async ({ page, chat, user }) => {
  void user;
  for (const title of ["Tax return 2026", "Birthday ideas"]) {
    const res = await page.request.post("/api/chat", {
    headers: sameOrigin,
      data: { threadId: randomUUID(), modelId: "openai-compatible:fake-model", message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `${title} #tokens:2` }] } },
    });
    expect(res.status()).toBe(200);
    await res.body();
  }
  await page.reload();
  await expect(chat.threads).toHaveCount(2);

  await page.getByTestId("folder-create").click();
  await page.getByTestId("folder-name-input").fill("Paperwork");
  await page.getByTestId("folder-name-save").click();
  const folder = page.getByTestId("folder").filter({ hasText: "Paperwork" });
  await expect(folder.getByTestId("folder-count")).toHaveText("0");

  const tax = chat.threads.filter({ hasText: "Tax return 2026" });
  const taxId = await tax.getAttribute("data-thread-id");
  await drag(page, tax, folder);
  await expect(folder.getByTestId("folder-count")).toHaveText("1");
  // Out of the dated list, into the folder.
  await expect(page.getByTestId("thread-root").locator(`[data-thread-id="${taxId}"]`)).toHaveCount(0);
  await folder.getByTestId("folder-toggle").click();
  await expect(folder.getByTestId("folder-threads").locator(`[data-thread-id="${taxId}"]`)).toBeVisible();
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/folders.png` });

  // The menu moves it back out; a reload shows the same.
  await chat.openThreadMenu(taxId!);
  await page.getByTestId("thread-move-out").click();
  await expect(folder.getByTestId("folder-count")).toHaveText("0");
  await expect(page.getByTestId("thread-root").locator(`[data-thread-id="${taxId}"]`)).toHaveCount(1);

  // Back in by the menu, then the folder deleted: the chat is back in the list, nothing lost.
  await chat.openThreadMenu(taxId!);
  await page.getByTestId("thread-move").filter({ hasText: "Paperwork" }).click();
  await expect(folder.getByTestId("folder-count")).toHaveText("1");
  await page.reload();
  await expect(page.getByTestId("folder").filter({ hasText: "Paperwork" }).getByTestId("folder-count")).toHaveText("1");
  await page.getByTestId("folder").filter({ hasText: "Paperwork" }).hover();
  await page.getByTestId("folder-menu-button").click();
  await page.getByTestId("folder-delete").click();
  await page.getByTestId("folder-delete-confirm").click();
  await expect(page.getByTestId("folder")).toHaveCount(0);
  await expect(chat.threads).toHaveCount(2);

  // Archive: out of the list, into the archive view, and restored from there.
  await chat.openThreadMenu(taxId!);
  await page.getByTestId("thread-archive").click();
  await expect(chat.threads).toHaveCount(1);
  await page.getByTestId("nav-archive").click();
  await expect(page.getByTestId("archived-thread")).toHaveCount(1);
  await expect(page.getByTestId("archived-thread")).toContainText("Tax return 2026");
  await page.getByTestId("archive-restore").click();
  await expect(page.getByTestId("archive-empty")).toBeVisible();
  await expect(chat.threads).toHaveCount(2);
});

test("multi-select in the sidebar: select by the menu, Shift+click a range, move, archive and delete at once", async ({ page, chat, user }) => {
  void user;
  const titles = ["Alpha notes", "Bravo notes", "Charlie notes", "Delta notes", "Echo notes"];
  for (const title of titles) {
    const res = await page.request.post("/api/chat", {
    headers: sameOrigin,
      data: { threadId: randomUUID(), modelId: "openai-compatible:fake-model", message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `${title} #tokens:2` }] } },
    });
    expect(res.status()).toBe(200);
    await res.body();
  }
  await page.getByTestId("folder-create").click();
  await page.getByTestId("folder-name-input").fill("Notes");
  await page.getByTestId("folder-name-save").click();
  await page.reload();
  await expect(chat.threads).toHaveCount(5);
  const idOf = async (title: string) => (await chat.threads.filter({ hasText: title }).getAttribute("data-thread-id"))!;
  const [echo, delta, charlie, bravo, alpha] = [await idOf("Echo"), await idOf("Delta"), await idOf("Charlie"), await idOf("Bravo"), await idOf("Alpha")];
  const item = (id: string) => page.getByTestId("thread-root").locator(`[data-testid=thread-item][data-thread-id="${id}"]`);

  // Select from the menu; then a click selects rather than opens, and Shift+click takes the range (newest first: Echo … Alpha).
  await chat.openThreadMenu(echo);
  await page.getByTestId("thread-select").click();
  await expect(page.getByTestId("selection-bar")).toBeVisible();
  await expect(page.getByTestId("selection-count")).toHaveText("1 selected");
  const url = page.url();
  await item(charlie).click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("selection-count")).toHaveText("3 selected");
  expect(page.url()).toBe(url);
  await expect(item(delta)).toHaveAttribute("data-selected", "true");
  // A plain click toggles one off.
  await item(delta).click();
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/multi-select.png` });

  // Move the two (Echo, Charlie) into the folder.
  await page.getByTestId("selection-move").click();
  await page.getByTestId("selection-move-to").filter({ hasText: "Notes" }).click();
  await expect(page.getByTestId("selection-bar")).toHaveCount(0);
  const folder = page.getByTestId("folder").filter({ hasText: "Notes" });
  await expect(folder.getByTestId("folder-count")).toHaveText("2");
  await expect(page.getByTestId("thread-root").locator("[data-testid=thread-item]")).toHaveCount(3);

  // Archive two (Delta, Bravo); Escape clears a selection first.
  await chat.openThreadMenu(delta);
  await page.getByTestId("thread-select").click();
  await item(alpha).click();
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("selection-bar")).toHaveCount(0);
  await chat.openThreadMenu(delta);
  await page.getByTestId("thread-select").click();
  await item(bravo).click();
  await page.getByTestId("selection-archive").click();
  await expect(page.getByTestId("thread-root").locator("[data-testid=thread-item]")).toHaveCount(1);
  await page.getByTestId("nav-archive").click();
  await expect(page.getByTestId("archived-thread")).toHaveCount(2);

  // Delete the rest after a confirmation: the one in the list and the two in the folder (open, selectable too).
  await folder.getByTestId("folder-toggle").click();
  await chat.openThreadMenu(alpha);
  await page.getByTestId("thread-select").click();
  await folder.locator(`[data-thread-id="${echo}"]`).click();
  await folder.locator(`[data-thread-id="${charlie}"]`).click();
  await expect(page.getByTestId("selection-count")).toHaveText("3 selected");
  await page.getByTestId("selection-delete").click();
  await page.getByTestId("selection-delete-confirm").click();
  await expect(page.getByTestId("selection-bar")).toHaveCount(0);
  await expect(folder.getByTestId("folder-count")).toHaveText("0");
  await page.reload();
  await expect(chat.threads).toHaveCount(0);
  for (const id of [alpha, echo, charlie]) expect((await page.request.get(`/api/threads/${id}/export?format=json`)).status()).toBe(404);
});
