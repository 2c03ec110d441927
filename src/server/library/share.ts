import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { readShare } from "@/server/db/queries/shares";
import { rowsOf } from "@/server/db/raw";
import { saveImportedThread } from "./import";

/**
 * "Continue this conversation": the shared snapshot as a new thread in the visitor's own library,
 * whose active leaf is its last message. A second time opens the same copy. Undefined when the
 * link is unknown or revoked.
 */
export async function continueShare(db: Db, { userId, token }: { userId: string; token: string }): Promise<string | undefined> {
  const share = await readShare(db, token);
  if (!share) return undefined;
  const messages = share.messages.map((m, i) => ({
    key: String(i),
    parentKey: i === 0 ? null : String(i - 1),
    role: m.role,
    text: m.text,
    createdAt: new Date(m.createdAt),
    modelId: m.modelId,
  }));
  const saved = await saveImportedThread(db, userId, {
    source: "share",
    sourceId: token,
    title: share.title,
    createdAt: new Date(),
    modelId: messages.findLast((m) => m.role === "assistant")?.modelId ?? null,
    messages,
    leafKey: messages.length ? String(messages.length - 1) : null,
  });
  if (saved !== "duplicate") return saved;
  const [row] = await rowsOf(db, sql`select id from threads where user_id = ${userId} and import_key = ${`share:${token}`}`);
  return row?.id as string | undefined;
}
