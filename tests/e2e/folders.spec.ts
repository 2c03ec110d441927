import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, settled, test } from "./fixtures";

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
