import { strToU8, zipSync } from "fflate";
import { expect, settled, test } from "./fixtures";

const SHOTS = "test-results/screenshots";

/** A ChatGPT data export as it comes: a zip with a sharded conversation file and its manifest. */
function chatGptExport(): Buffer {
  const t0 = 1_735_000_000;
  const msg = (id: string, role: string, text: string, t: number) => ({ id, author: { role }, create_time: t, content: { content_type: "text", parts: [text] }, metadata: {}, recipient: "all" });
  const branched = {
    id: "conv-volcano",
    title: "Volcano trip",
    create_time: t0,
    default_model_slug: "gpt-4o",
    current_node: "a1b",
    mapping: {
      root: { id: "root", parent: null, children: ["u1"], message: null },
      u1: { id: "u1", parent: "root", children: ["a1", "a1b"], message: msg("u1", "user", "Which volcano should I hike in Iceland?", t0 + 1) },
      a1: { id: "a1", parent: "u1", children: [], message: msg("a1", "assistant", "Try Fagradalsfjall.", t0 + 2) },
      a1b: { id: "a1b", parent: "u1", children: [], message: msg("a1b", "assistant", "Hekla is a classic.", t0 + 3) },
    },
  };
  const plain = {
    id: "conv-bread",
    title: "Sourdough",
    create_time: t0 + 10,
    current_node: "b2",
    mapping: {
      b1: { id: "b1", parent: null, children: ["b2"], message: msg("b1", "user", "How long should dough proof?", t0 + 11) },
      b2: { id: "b2", parent: "b1", children: [], message: msg("b2", "assistant", "About 4 to 6 hours.", t0 + 12) },
    },
  };
  return Buffer.from(
    zipSync({
      "export_manifest.json": strToU8(JSON.stringify({ export_files: [{ path: "conversations-000.json" }] })),
      "conversations-000.json": strToU8(JSON.stringify([branched, plain, { id: "project-1", title: "Travel project", type: "project" }])),
    }),
  );
}

test("import a ChatGPT export through the UI, open its branched conversation, and export a chat", async ({ page, chat, user }) => {
  void user;
  await page.getByTestId("user-menu-button").click();
  await page.getByTestId("nav-library").click();
  await expect(page.getByRole("heading", { name: "Import & export" })).toBeVisible();
  await page.getByTestId("import-file").setInputFiles({ name: "chatgpt-export.zip", mimeType: "application/zip", buffer: chatGptExport() });
  await expect(page.getByTestId("import-summary")).toHaveText("2 imported · 1 skipped");
  await expect(page.getByTestId("import-item")).toHaveCount(3);
  await expect(page.locator('[data-testid="import-item"][data-status="skipped"]')).toContainText("Travel project");
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/import-report.png` });

  // The sidebar has them, and the branched one opens on the answer that was shown in ChatGPT.
  await expect(chat.threads.filter({ hasText: "Volcano trip" })).toHaveCount(1);
  await page.getByRole("link", { name: "Volcano trip" }).first().click();
  await expect(chat.assistant()).toContainText("Hekla is a classic.");
  await expect(page.getByTestId("branch-position")).toHaveText("2/2");
  await page.getByTestId("branch-prev").click();
  await expect(chat.assistant()).toContainText("Try Fagradalsfjall.");

  // The same file again: nothing new.
  await page.goto("/library");
  await page.getByTestId("import-file").setInputFiles({ name: "chatgpt-export.zip", mimeType: "application/zip", buffer: chatGptExport() });
  await expect(page.getByTestId("import-summary")).toHaveText("0 imported · 2 already here · 1 skipped");

  // A chat's menu downloads it as Markdown.
  const threadId = await chat.threads.filter({ hasText: "Volcano trip" }).getAttribute("data-thread-id");
  await chat.openThreadMenu(threadId!);
  const download = page.waitForEvent("download");
  await page.getByTestId("thread-export-md").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("volcano-trip.md");
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString("utf8")).toContain("# Volcano trip");

  // A file that is not an export: a clear error.
  await page.getByTestId("import-file").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just some notes") });
  await expect(page.getByTestId("import-error")).toContainText("Expected a Sidekiq export");
});
