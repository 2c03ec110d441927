import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { type RawRow, rowsOf } from "@/server/db/raw";

/**
 * Export: one thread as Markdown (the branch shown) or JSON (every branch, each message with its
 * parent), and all of a user's chats as one JSON file, streamed a page of rows at a time.
 * The JSON is what import reads back (`format: "sidekiq.export"`, version 1).
 */

export const EXPORT_FORMAT = "sidekiq.export";
export const EXPORT_VERSION = 1;

export type ExportedMessage = {
  id: string;
  parentId: string | null;
  role: "user" | "assistant" | "system";
  text: string;
  parts: unknown[];
  status: string;
  modelId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  finishReason: string | null;
  error: string | null;
  sidekiqId: string | null;
  sidekiqVersion: number | null;
  contextOmitted: number | null;
  createdAt: string;
};

export type ExportedThread = {
  id: string;
  title: string | null;
  modelId: string | null;
  sidekiqId: string | null;
  isPinned: boolean;
  isArchived: boolean;
  leafMessageId: string | null;
  forkedFromThreadId: string | null;
  /** The name of the folder it is filed in (import files it in the folder of that name). */
  folder: string | null;
  createdAt: string;
  lastActivityAt: string;
  messages: ExportedMessage[];
};

export type ExportedFolder = { name: string; createdAt: string };

/** A Sidekiq of the user's own, as it is now (its current version). */
export type ExportedSidekiq = {
  id: string;
  name: string;
  description: string;
  avatarEmoji: string;
  avatarColor: string;
  visibility: string;
  instructions: string;
  starters: string[];
  defaultModelId: string | null;
  version: number;
  createdAt: string;
};

const iso = (v: unknown) => new Date(v as string | Date).toISOString();
const num = (v: unknown) => (v == null ? null : Number(v));
const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

const THREAD_COLUMNS = sql`t.id, t.title, t.model_id, t.sidekiq_id, t.is_pinned, t.is_archived, t.leaf_message_id, t.forked_from_thread_id, t.created_at, t.last_activity_at,
  (select f.name from folders f where f.id = t.folder_id) as folder`;
const MESSAGE_COLUMNS = sql`m.id, m.parent_message_id, m.role, m.text, m.parts, m.status, m.model_id, m.input_tokens, m.output_tokens, m.cost::float8 as cost,
  m.finish_reason, m.error, m.sidekiq_id, m.sidekiq_version, m.context_omitted, m.created_at, m.seq`;

function toThread(r: RawRow): Omit<ExportedThread, "messages"> {
  return {
    id: r.id as string,
    title: (r.title as string | null) ?? null,
    modelId: (r.model_id as string | null) ?? null,
    sidekiqId: (r.sidekiq_id as string | null) ?? null,
    isPinned: r.is_pinned === true,
    isArchived: r.is_archived === true,
    leafMessageId: (r.leaf_message_id as string | null) ?? null,
    forkedFromThreadId: (r.forked_from_thread_id as string | null) ?? null,
    folder: (r.folder as string | null) ?? null,
    createdAt: iso(r.created_at),
    lastActivityAt: iso(r.last_activity_at),
  };
}

function toMessage(r: RawRow): ExportedMessage {
  return {
    id: r.id as string,
    parentId: (r.parent_message_id as string | null) ?? null,
    role: r.role as ExportedMessage["role"],
    text: r.text as string,
    parts: json(r.parts) as unknown[],
    status: r.status as string,
    modelId: (r.model_id as string | null) ?? null,
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    cost: num(r.cost),
    finishReason: (r.finish_reason as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    sidekiqId: (r.sidekiq_id as string | null) ?? null,
    sidekiqVersion: num(r.sidekiq_version),
    contextOmitted: num(r.context_omitted),
    createdAt: iso(r.created_at),
  };
}

/** The user's thread with every message, parents before children (the order written); undefined when not theirs. */
export async function exportThread(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<ExportedThread | undefined> {
  const [thread] = await rowsOf(db, sql`select ${THREAD_COLUMNS} from threads t where t.id = ${threadId} and t.user_id = ${userId}`);
  if (!thread) return undefined;
  const messages = await rowsOf(db, sql`select ${MESSAGE_COLUMNS} from messages m where m.thread_id = ${threadId} order by m.seq`);
  return { ...toThread(thread), messages: messages.map(toMessage) };
}

/** The branch shown: the chain from the root to the active leaf. */
export function activePath(thread: ExportedThread): ExportedMessage[] {
  const byId = new Map(thread.messages.map((m) => [m.id, m]));
  const path: ExportedMessage[] = [];
  const seen = new Set<string>();
  for (let m = thread.leafMessageId ? byId.get(thread.leafMessageId) : undefined; m && !seen.has(m.id); m = m.parentId ? byId.get(m.parentId) : undefined) {
    seen.add(m.id);
    path.push(m);
  }
  return path.reverse();
}

/** The thread's shown branch as Markdown, for reading and pasting elsewhere. */
export function threadMarkdown(thread: ExportedThread, now = new Date()): string {
  const path = activePath(thread).filter((m) => m.role !== "system");
  const leaves = thread.messages.filter((m) => !thread.messages.some((c) => c.parentId === m.id)).length;
  const lines = [`# ${thread.title?.trim() || "New chat"}`, ""];
  const about = [`Exported from Sidekiq on ${now.toISOString().slice(0, 10)}`, `${path.length} ${path.length === 1 ? "message" : "messages"}`];
  if (leaves > 1) about.push(`the branch shown of ${leaves} (export as JSON to keep every branch)`);
  lines.push(`_${about.join(" · ")}_`, "");
  for (const m of path) {
    const who = m.role === "user" ? "You" : `Assistant${m.modelId ? ` (${m.modelId.slice(m.modelId.indexOf(":") + 1)})` : ""}`;
    lines.push("---", "", `**${who}** · ${m.createdAt.slice(0, 16).replace("T", " ")} UTC`, "", m.text.trim() || (m.error ? `_${m.error}_` : "_(no text)_"), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

const THREAD_PAGE = 100;
const MESSAGE_PAGE = 1_000;

/** The user's folders, and the Sidekiqs they made (not those shared with them: those are their authors'). */
async function foldersAndSidekiqs(db: Db, userId: string): Promise<{ folders: ExportedFolder[]; sidekiqs: ExportedSidekiq[] }> {
  const folders = await rowsOf(db, sql`select name, created_at from folders where user_id = ${userId} order by created_at, id`);
  const sidekiqs = await rowsOf(
    db,
    sql`select s.id, s.name, s.description, s.avatar_emoji, s.avatar_color, s.visibility, s.current_version, s.created_at, v.instructions, v.starters, v.default_model_id
        from sidekiqs s join sidekiq_versions v on v.sidekiq_id = s.id and v.version = s.current_version
        where s.owner_id = ${userId} and s.deleted_at is null order by s.created_at, s.id`,
  );
  return {
    folders: folders.map((r) => ({ name: r.name as string, createdAt: iso(r.created_at) })),
    sidekiqs: sidekiqs.map((r) => ({
      id: r.id as string,
      name: r.name as string,
      description: r.description as string,
      avatarEmoji: r.avatar_emoji as string,
      avatarColor: r.avatar_color as string,
      visibility: r.visibility as string,
      instructions: r.instructions as string,
      starters: json(r.starters) as string[],
      defaultModelId: (r.default_model_id as string | null) ?? null,
      version: Number(r.current_version),
      createdAt: iso(r.created_at),
    })),
  };
}

/**
 * All of the user's data as one JSON document: their folders and their own Sidekiqs (a few
 * rows each), then every chat, produced a page at a time (a page of threads,
 * then each thread's messages a page at a time): memory holds one page, whatever the library's size.
 */
export function exportAll(db: Db, { userId, now = new Date() }: { userId: string; now?: Date }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  async function* documentText(): AsyncGenerator<string> {
    const { folders, sidekiqs } = await foldersAndSidekiqs(db, userId);
    // Folders before the threads: import reads the document in order, and files each thread as it comes.
    yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(now.toISOString())},"folders":${JSON.stringify(folders)},"sidekiqs":${JSON.stringify(sidekiqs)},"threads":[`;
    let after: { createdAt: string; id: string } | undefined;
    let firstThread = true;
    for (;;) {
      const threads = await rowsOf(
        db,
        sql`select ${THREAD_COLUMNS}, t.created_at::text as at from threads t where t.user_id = ${userId}
            ${after ? sql`and (t.created_at, t.id) > (${after.createdAt}::timestamptz, ${after.id})` : sql``}
            order by t.created_at, t.id limit ${THREAD_PAGE}`,
      );
      for (const row of threads) {
        const head = JSON.stringify({ ...toThread(row), messages: [] });
        // The thread's fields, then its messages spliced into its (empty) array.
        yield `${firstThread ? "" : ","}${head.slice(0, -2)}`;
        firstThread = false;
        let seq = 0;
        let firstMessage = true;
        for (;;) {
          const messages = await rowsOf(
            db,
            sql`select ${MESSAGE_COLUMNS} from messages m where m.thread_id = ${row.id as string} and m.seq > ${seq} order by m.seq limit ${MESSAGE_PAGE}`,
          );
          if (messages.length > 0) {
            yield (firstMessage ? "" : ",") + messages.map((m) => JSON.stringify(toMessage(m))).join(",");
            firstMessage = false;
            seq = Number(messages.at(-1)!.seq);
          }
          if (messages.length < MESSAGE_PAGE) break;
        }
        yield "]}";
      }
      if (threads.length < THREAD_PAGE) break;
      const last = threads.at(-1)!;
      after = { createdAt: last.at as string, id: last.id as string };
    }
    yield "]}\n";
  }
  const source = documentText();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await source.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

/** A file name for a download: the title's words, or the fallback. */
export function fileName(title: string | null | undefined, fallback: string, extension: string): string {
  const slug = (title ?? "")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 60)
    .toLowerCase();
  return `${slug || fallback}.${extension}`;
}
