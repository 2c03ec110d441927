import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { JSONParser } from "@streamparser/json";
import { sql } from "drizzle-orm";
import { Unzip, UnzipInflate } from "fflate";
import { z } from "zod";
import { sidekiqFields } from "@/lib/schemas/sidekiq";
import { folderNameSchema } from "@/lib/schemas/thread";
import { containsUnstorableText } from "@/lib/schemas/text";
import type { Db } from "@/server/db/client";
import { rowsOf } from "@/server/db/raw";
import { env } from "@/env";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/request";
import { AppError, isAppError } from "@/server/errors";
import { bodyTooLarge, formatBytes } from "@/server/http/body";
import { quotaOf } from "@/server/db/queries/quotas";
import { type ConversationOutcome, fromArrayEntry, fromSidekiq, type ImportedThread, type ImportSource } from "./import-formats";
import { JsonGuard } from "./json-guard";

/**
 * Import: a file is read as it arrives (a zip inflated entry by entry, JSON parsed one
 * conversation at a time), never held whole, and in bounded work: the bytes a zip inflates to are
 * counted (per entry, in all, and against what they came from), no single JSON value may be
 * larger than a message may be (./json-guard.ts), a file holds at most so many conversations,
 * and the import gives way to other requests between conversations. Each conversation is one
 * statement (its thread and all its messages, or nothing), so one bad conversation never costs
 * the others, and a conversation imported before (by its source's id) is not imported again.
 */

export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** How far an import may go before it stops. Every figure is in README "Security". */
export type ImportLimits = {
  /** The upload itself. */
  maxBytes: number;
  /** What a zip may inflate to, in all and per entry. */
  maxInflatedBytes: number;
  maxEntryBytes: number;
  /** Inflated bytes per compressed byte, once `ratioAfterBytes` have come out (text compresses about 5-10x). */
  maxRatio: number;
  ratioAfterBytes: number;
  /** One conversation (or folder, or Sidekiq) of the file, as JSON. */
  maxItemBytes: number;
  /** One JSON string, as written; a longer one is cut there. A message is at most MAX_MESSAGE_CHARS in the end. */
  maxStringBytes: number;
  maxDepth: number;
  /** Whitespace in a row, outside strings. */
  maxBlankRun: number;
  /** Conversations read from one file; the rest are left out, and the report says so. */
  maxConversations: number;
};

export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: IMPORT_MAX_BYTES,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioAfterBytes: 16 * 1024 * 1024,
  maxItemBytes: 32 * 1024 * 1024,
  // Four bytes for each of a message's characters at most, and some room for its escapes.
  maxStringBytes: 4 * MAX_MESSAGE_CHARS + 1024,
  maxDepth: 64,
  maxBlankRun: 1024 * 1024,
  maxConversations: 20_000,
};

/** This deployment's limits: IMPORT_MAX_CONVERSATIONS and IMPORT_MAX_INFLATED_MB change two of them. */
export function importLimits(): ImportLimits {
  return { ...IMPORT_LIMITS, maxConversations: env.IMPORT_MAX_CONVERSATIONS, maxInflatedBytes: env.IMPORT_MAX_INFLATED_MB * 1024 * 1024, maxEntryBytes: env.IMPORT_MAX_INFLATED_MB * 1024 * 1024 };
}

export const EXPECTED_FORMATS =
  "Expected a Sidekiq export (.json), a ChatGPT data export (the .zip, or its conversations.json) or a Claude.ai export (the .zip, or its conversations.json).";

export type ImportReportItem = {
  source: ImportSource;
  sourceId: string | null;
  title: string | null;
  status: "imported" | "duplicate" | "skipped" | "failed";
  threadId?: string;
  messages?: number;
  reason?: string;
  /** What was changed to import it (a message cut to the longest a message may be). */
  note?: string;
};

export type ImportReport = {
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  conversations: ImportReportItem[];
  /** Files of the archive that could not be read (or that its manifest names and it lacks). */
  fileErrors: { file: string; reason: string }[];
  /** What the file as a whole lost: conversations past the limit, texts cut. */
  notes: string[];
  /** This app's export: the Sidekiqs made as private ones, those there already (by id), and those unreadable. */
  sidekiqs: { imported: number; existing: number; skipped: number };
};

/** Where an import has got to: what the page shows while it runs. */
export type ImportProgress = { bytesRead: number; conversations: number; imported: number; duplicates: number; skipped: number; failed: number };

export type ImportOptions = { limits?: Partial<ImportLimits>; onProgress?: (p: ImportProgress) => void | Promise<void> };

/** A file that is not one of the formats: a 400 that says what was expected (an AppError: the same in every bundle). */
const notAnImport = (detail?: string) => new AppError("BAD_REQUEST", { message: detail ? `${EXPECTED_FORMATS} ${detail}` : EXPECTED_FORMATS });
const tooLarge = (bytes: number) => bodyTooLarge({ bytes, what: "Import files" });

const CONVERSATIONS_FILE = /^conversations(-\d+)?\.json$/i;
const MANIFEST_FILE = /^export_manifest\.json$/i;
// Compressed bytes go into the inflater this many at a time: deflate's best is about 1,000 to 1,
// so one push makes at most ~4 MB, counted and parsed before the next.
const ZIP_SLICE = 4 * 1024;
// Inflated bytes go to the parser this many at a time, with other requests served in between.
const PARSE_SLICE = 512 * 1024;

/** Lets the event loop serve other requests (PGlite runs on this thread; its statements never yield on their own). */
const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Text the database can store: no NUL, no lone surrogates. */
const storable = (s: string) => s.replace(/\u0000/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

type Feeder = { write: (chunk: Uint8Array) => void; end: () => void };

/** What the parser hands on, in the file's order: a conversation, or a folder or Sidekiq of this app's export. */
type Queued = ConversationOutcome | { kind: "folder"; name: unknown } | { kind: "sidekiq"; value: unknown };

/** The conversation cap was reached: the import stops reading and reports what it has. */
class Enough extends Error {}

/**
 * A JSON document's conversations, one at a time: a top-level array's entries (ChatGPT, Claude),
 * or this app's export's `folders`, `sidekiqs` and `threads`. `onError` gets a document that
 * stops being JSON; a limit of the import's (an AppError) stops the whole import instead.
 */
function jsonFeeder(kind: "array" | "object", limits: ImportLimits, onItem: (c: Queued) => void, onError: (e: Error) => void): Feeder & { guard: JsonGuard } {
  const parser = new JSONParser({ paths: kind === "array" ? ["$.*"] : ["$.format", "$.folders.*", "$.sidekiqs.*", "$.threads.*"], keepStack: false });
  const guard = new JsonGuard(limits);
  let format: unknown;
  let failed = false;
  // Bytes since the parser last handed a value on: what the value it is building holds.
  let pending = 0;
  parser.onValue = ({ value, key, stack }) => {
    pending = 0;
    if (kind === "array") onItem(fromArrayEntry(value));
    else if (stack.length === 1 && key === "format") format = value;
    else if (format !== "sidekiq.export") throw new Error("not a Sidekiq export");
    else if (stack[1]?.key === "folders") onItem({ kind: "folder", name: (value as { name?: unknown } | null)?.name });
    else if (stack[1]?.key === "sidekiqs") onItem({ kind: "sidekiq", value });
    else onItem(fromSidekiq(value));
  };
  const run = (step: () => void) => {
    if (failed) return;
    try {
      step();
    } catch (error) {
      if (isAppError(error) || error instanceof Enough) throw error;
      failed = true;
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    guard,
    write: (chunk) =>
      run(() => {
        const bytes = guard.filter(chunk);
        pending += bytes.byteLength;
        if (pending > limits.maxItemBytes) {
          throw new AppError("PAYLOAD_TOO_LARGE", { message: `A conversation in the file is larger than ${formatBytes(limits.maxItemBytes)}, the most one may be.`, details: { limitBytes: limits.maxItemBytes } });
        }
        parser.write(bytes);
      }),
    // A document ends itself once its top value closes; only one cut short needs telling.
    end: () => run(() => (parser.isEnded ? undefined : parser.end())),
  };
}

/** Each character of a chunk that is not whitespace (or a byte-order mark), to learn what a file is. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  for (; i < bytes.length; i++) if (![0x20, 0x0a, 0x0d, 0x09].includes(bytes[i]!)) return bytes[i];
  return undefined;
}

/** Reads an import file as it arrives and saves its conversations; the report says what became of each. */
export async function importFile(db: Db, userId: string, input: AsyncIterable<Uint8Array>, options: ImportOptions = {}): Promise<ImportReport> {
  const limits = { ...IMPORT_LIMITS, ...options.limits };
  const report: ImportReport = { imported: 0, duplicates: 0, skipped: 0, failed: 0, conversations: [], fileErrors: [], notes: [], sidekiqs: { imported: 0, existing: 0, skipped: 0 } };
  const queue: Queued[] = [];
  let threads = 0;
  let entries = 0;
  let size = 0;
  const push = (c: Queued) => {
    if (c.kind === "thread" || c.kind === "skipped") {
      if (entries >= limits.maxConversations) throw new Enough();
      entries++;
    }
    if (c.kind === "thread") threads++;
    queue.push(c);
  };
  const progress = (): ImportProgress => ({ bytesRead: size, conversations: report.conversations.length, imported: report.imported, duplicates: report.duplicates, skipped: report.skipped, failed: report.failed });
  const folderFor = folderResolver(db, userId);
  const drain = async () => {
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (next.kind === "folder") await folderFor(next.name).catch(() => undefined);
      else if (next.kind === "sidekiq") await importSidekiq(report, db, userId, next.value);
      else await record(report, next, db, userId, folderFor);
      await giveWay();
    }
    await options.onProgress?.(progress());
  };

  let feeder: Feeder | undefined;
  let kind: "zip" | "json" | undefined;
  let head: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  const expected = new Set<string>();
  const seenFiles = new Set<string>();
  const guards: JsonGuard[] = [];
  // A zip's inflated output, entry by entry, waiting to be parsed after the push that made it
  // (null: the entry ended).
  const inflated: { to: Feeder; data: Uint8Array | null }[] = [];
  let compressed = 0;
  let inflatedTotal = 0;

  const countInflated = (entry: { bytes: number; name: string }, data: Uint8Array) => {
    entry.bytes += data.byteLength;
    inflatedTotal += data.byteLength;
    if (entry.bytes > limits.maxEntryBytes) throw new AppError("PAYLOAD_TOO_LARGE", { message: `${entry.name} inflates to more than ${formatBytes(limits.maxEntryBytes)}, the most one file of an archive may be.`, details: { limitBytes: limits.maxEntryBytes } });
    if (inflatedTotal > limits.maxInflatedBytes) throw new AppError("PAYLOAD_TOO_LARGE", { message: `The archive inflates to more than ${formatBytes(limits.maxInflatedBytes)}, the most an import may be.`, details: { limitBytes: limits.maxInflatedBytes } });
    if (inflatedTotal > limits.ratioAfterBytes && inflatedTotal > compressed * limits.maxRatio) {
      throw new AppError("PAYLOAD_TOO_LARGE", { message: `The archive inflates to more than ${limits.maxRatio} times its size, which no export does.`, details: { maxRatio: limits.maxRatio } });
    }
  };

  const start = (bytes: Uint8Array) => {
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
      kind = "zip";
      let failure: unknown;
      const unzip = new Unzip((file) => {
        const name = file.name.split("/").pop() ?? file.name;
        const entry = { bytes: 0, name };
        if (CONVERSATIONS_FILE.test(name)) {
          seenFiles.add(name.toLowerCase());
          let parse: Feeder | undefined;
          // The entry's parser, made from its first bytes: a JSON list of conversations or nothing.
          const to: Feeder = {
            write: (data) => {
              if (!parse) {
                if (firstSignificant(data) !== 0x5b) {
                  report.fileErrors.push({ file: file.name, reason: "not a JSON list of conversations" });
                  parse = { write: () => {}, end: () => {} };
                } else {
                  const json = jsonFeeder("array", limits, push, (e) => report.fileErrors.push({ file: file.name, reason: `not valid JSON (${e.message.slice(0, 120)})` }));
                  guards.push(json.guard);
                  parse = json;
                }
              }
              parse.write(data);
            },
            end: () => parse?.end(),
          };
          let started = false;
          file.ondata = (error, data, final) => {
            if (failure) return;
            if (error) {
              report.fileErrors.push({ file: file.name, reason: "the archive's entry could not be inflated" });
              return;
            }
            try {
              countInflated(entry, data);
            } catch (e) {
              failure = e;
              file.terminate();
              return;
            }
            // Until its first non-blank byte, an entry's kind is not known: keep what came.
            if (!started && firstSignificant(data) === undefined && !final) return;
            started = true;
            if (data.byteLength) inflated.push({ to, data });
            if (final) inflated.push({ to, data: null });
          };
          file.start();
        } else if (MANIFEST_FILE.test(name)) {
          const decoder = new TextDecoder();
          let text = "";
          file.ondata = (error, data, final) => {
            if (error || failure) return;
            try {
              countInflated(entry, data);
              if (entry.bytes > 1024 * 1024) throw new AppError("PAYLOAD_TOO_LARGE", { message: "The archive's export_manifest.json is larger than 1 MB." });
            } catch (e) {
              failure = e;
              file.terminate();
              return;
            }
            text += decoder.decode(data, { stream: !final });
            // The manifest lists the export's files: each conversations file it names should be here.
            if (final) for (const m of text.matchAll(/conversations(-\d+)?\.json/gi)) expected.add(m[0].toLowerCase());
          };
          file.start();
        }
      });
      unzip.register(UnzipInflate);
      // One slice at a time (feed() parses what each one inflated before the next goes in).
      feeder = {
        write: (slice) => {
          compressed += slice.byteLength;
          unzip.push(slice);
          if (failure) throw failure;
        },
        end: () => {
          unzip.push(new Uint8Array(0), true);
          if (failure) throw failure;
        },
      };
      return;
    }
    const c = firstSignificant(bytes);
    if (c === 0x5b || c === 0x7b) {
      kind = "json";
      const json = jsonFeeder(c === 0x5b ? "array" : "object", limits, push, (e) => {
        if (threads === 0) throw notAnImport("The file is not valid JSON, or not one of these.");
        report.fileErrors.push({ file: "upload", reason: `not valid JSON after ${report.conversations.length + queue.length} conversations (${e.message.slice(0, 120)})` });
      });
      guards.push(json.guard);
      feeder = json;
      return;
    }
    throw notAnImport();
  };

  /** Hands bytes to the reader in slices, saving what each slice completed before the next. */
  const feed = async (bytes: Uint8Array, final = false) => {
    if (kind === "zip") {
      // What each slice inflated is parsed (and its limits checked) before the next slice goes in.
      const parseInflated = async () => {
        while (inflated.length > 0) {
          const { to, data } = inflated.shift()!;
          if (data === null) to.end();
          else
            for (let i = 0; i < data.byteLength; i += PARSE_SLICE) {
              to.write(data.subarray(i, i + PARSE_SLICE));
              await drain();
            }
        }
      };
      for (let i = 0; i < bytes.byteLength; i += ZIP_SLICE) {
        feeder!.write(bytes.subarray(i, i + ZIP_SLICE));
        await parseInflated();
      }
      if (final) {
        feeder!.end();
        await parseInflated();
      }
      await drain();
      return;
    }
    for (let i = 0; i < bytes.byteLength; i += PARSE_SLICE) {
      feeder!.write(bytes.subarray(i, i + PARSE_SLICE));
      await drain();
    }
    if (final) feeder!.end();
    await drain();
  };

  try {
    for await (const chunk of input) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) throw tooLarge(limits.maxBytes);
      if (!feeder) {
        // Enough of the start to tell a zip from JSON (and JSON's first character from its whitespace).
        head = concat(head, chunk);
        if (head.length < 4 && firstSignificant(head) === undefined) continue;
        start(head);
        await feed(head);
      } else await feed(chunk);
    }
    if (!feeder) {
      if (head.length === 0) throw notAnImport("The file is empty.");
      start(head);
      await feed(head);
    }
    await feed(new Uint8Array(0), true);
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
    // What was read before the cap is saved; the rest of the file is left unread.
    queue.length = 0;
    const n = limits.maxConversations.toLocaleString("en-US");
    report.notes.push(`The file has more than ${n} conversations: the first ${n} were read and the rest left out. Split it into smaller files to import the rest.`);
  }
  const cut = guards.reduce((n, g) => n + g.cut, 0);
  if (cut > 0) report.notes.push(`${cut.toLocaleString("en-US")} ${cut === 1 ? "text was" : "texts were"} longer than a message may be and ${cut === 1 ? "was" : "were"} cut short.`);
  if (kind === "json" && threads === 0) {
    throw notAnImport("The file holds no conversations.");
  }
  if (kind === "zip") {
    for (const name of expected) if (!seenFiles.has(name)) report.fileErrors.push({ file: name, reason: "named in export_manifest.json but not in the archive" });
    if (seenFiles.size === 0) throw notAnImport("The archive has no conversations.json.");
  }
  return report;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The user's folder of a name, made when they have none: a second import of the same file finds
 * the folders the first made, and one into the account it came from finds the originals.
 */
function folderResolver(db: Db, userId: string): (name: unknown) => Promise<string | null> {
  const known = new Map<string, Promise<string | null>>();
  return (raw) => {
    const parsed = folderNameSchema.safeParse(typeof raw === "string" ? storable(raw) : raw);
    if (!parsed.success) return Promise.resolve(null);
    const name = parsed.data;
    let found = known.get(name);
    if (!found) {
      found = (async () => {
        const [row] = await rowsOf(
          db,
          sql`with existing as (select id from folders where user_id = ${userId} and name = ${name} order by created_at, id limit 1),
              made as (insert into folders (id, user_id, name) select ${randomUUID()}, ${userId}, ${name}
                       where not exists (select 1 from existing) and (select count(*) from folders where user_id = ${userId}) < ${quotaOf("folders")} returning id)
              select id from existing union all select id from made`,
        );
        return (row?.id as string | undefined) ?? null;
      })();
      known.set(name, found);
    }
    return found;
  };
}

/** A Sidekiq of this app's export: what it was at its current version. Its looks fall back to the defaults. */
const exportedSidekiq = z.object({
  id: z.uuid(),
  name: sidekiqFields.name,
  description: sidekiqFields.description.catch(""),
  avatarEmoji: sidekiqFields.avatarEmoji.catch("✨"),
  avatarColor: sidekiqFields.avatarColor.catch("#6366f1"),
  instructions: sidekiqFields.instructions,
  starters: sidekiqFields.starters.catch([]),
  defaultModelId: sidekiqFields.defaultModelId.catch(null),
});

/** The id of one user's copy of another's Sidekiq: the same for every import of it, so made once. */
function copyId(sidekiqId: string, userId: string): string {
  const h = createHash("sha256").update(`${sidekiqId}:${userId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A Sidekiq of the file, made the importer's own and private, its first version the exported one.
 * It keeps its id where that is free (another instance); one of the importer's own is there
 * already; someone else's (their export, imported on the same instance) gets a copy of its own.
 * Either way a second import of the file finds what the first made.
 */
async function importSidekiq(report: ImportReport, db: Db, userId: string, value: unknown): Promise<void> {
  const parsed = exportedSidekiq.safeParse(value);
  if (!parsed.success) {
    report.sidekiqs.skipped++;
    return;
  }
  const k = parsed.data;
  try {
    const [holder] = await rowsOf(db, sql`select owner_id from sidekiqs where id = ${k.id}`);
    const id = !holder || holder.owner_id === userId ? k.id : copyId(k.id, userId);
    const made = await rowsOf(
      db,
      sql`with made as (
            insert into sidekiqs (id, owner_id, visibility, name, description, avatar_emoji, avatar_color, current_version)
            select ${id}, ${userId}, 'private', ${k.name}, ${k.description}, ${k.avatarEmoji}, ${k.avatarColor}, 1
            -- Within the importer's quota of Sidekiqs: past it the rest are skipped.
            where (select count(*) from sidekiqs where owner_id = ${userId} and deleted_at is null) < ${quotaOf("sidekiqs")}
            on conflict (id) do nothing
            returning id
          )
          insert into sidekiq_versions (sidekiq_id, version, instructions, starters, default_model_id, author_id)
          select id, 1, ${k.instructions}, ${JSON.stringify(k.starters)}::jsonb, ${k.defaultModelId}, ${userId} from made
          returning sidekiq_id`,
    );
    if (made.length > 0) report.sidekiqs.imported++;
    else if ((await rowsOf(db, sql`select 1 from sidekiqs where id = ${id}`)).length > 0) report.sidekiqs.existing++;
    else report.sidekiqs.skipped++;
  } catch {
    report.sidekiqs.skipped++;
  }
}

/**
 * The conversation with every message at most MAX_MESSAGE_CHARS long, as a message typed into
 * the app may be: a 20,000,000-character message was imported, and its thread's page then
 * answered 20 MB. A cut message keeps only its text (its parts held the whole of it).
 */
export function withinMessageLimit(thread: ImportedThread): { thread: ImportedThread; cut: number } {
  let cut = 0;
  const messages = thread.messages.map((m) => {
    if (m.text.length <= MAX_MESSAGE_CHARS) return m;
    cut++;
    // Not between the two halves of a surrogate pair.
    let end = MAX_MESSAGE_CHARS;
    if (/[\uD800-\uDBFF]/.test(m.text[end - 1] ?? "")) end--;
    return { ...m, text: m.text.slice(0, end), parts: undefined };
  });
  return { thread: cut ? { ...thread, messages } : thread, cut };
}

async function record(report: ImportReport, outcome: ConversationOutcome, db: Db, userId: string, folderFor: (name: unknown) => Promise<string | null>): Promise<void> {
  if (outcome.kind === "skipped") {
    report.skipped++;
    report.conversations.push({ source: outcome.source, sourceId: outcome.sourceId, title: outcome.title, status: "skipped", reason: outcome.reason });
    return;
  }
  const { thread, cut } = withinMessageLimit(outcome.thread);
  const base = { source: thread.source, sourceId: thread.sourceId, title: thread.title };
  try {
    const folderId = thread.folder ? await folderFor(thread.folder) : null;
    const saved = await saveImportedThread(db, userId, thread, folderId);
    if (saved === "duplicate") {
      report.duplicates++;
      report.conversations.push({ ...base, status: "duplicate", reason: "already in your library" });
    } else {
      report.imported++;
      const note = cut ? `${cut} ${cut === 1 ? "message was" : "messages were"} cut to ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters, the most a message may be.` : undefined;
      report.conversations.push({ ...base, status: "imported", threadId: saved, messages: thread.messages.length, ...(note ? { note } : {}) });
    }
  } catch {
    report.failed++;
    report.conversations.push({ ...base, status: "failed", reason: "could not be saved" });
  }
}

/**
 * One conversation in one statement: the thread (unless one with the same source id is in the
 * user's library already) and all its messages, with new ids, parents, depths and the leaf.
 */
export async function saveImportedThread(db: Db, userId: string, thread: ImportedThread, folderId: string | null = null): Promise<string | "duplicate"> {
  const threadId = randomUUID();
  const ids = new Map(thread.messages.map((m) => [m.key, randomUUID()]));
  const depth = new Map<string, number>();
  const rows = thread.messages.map((m, ord) => {
    const d = m.parentKey ? (depth.get(m.parentKey) ?? 0) + 1 : 0;
    depth.set(m.key, d);
    const text = storable(m.text);
    const parts = m.parts && !containsUnstorableText(m.parts) ? m.parts : [{ type: "text", text }];
    return {
      ord,
      id: ids.get(m.key)!,
      parent_id: m.parentKey ? ids.get(m.parentKey)! : null,
      depth: d,
      role: m.role,
      parts,
      text,
      status: m.status ?? "complete",
      model_id: m.modelId,
      input_tokens: m.inputTokens ?? null,
      output_tokens: m.outputTokens ?? null,
      cost: m.cost ?? null,
      finish_reason: m.finishReason ?? (m.role === "assistant" ? "stop" : null),
      error: m.error ?? null,
      created_at: m.createdAt.toISOString(),
    };
  });
  const leafId = thread.leafKey ? (ids.get(thread.leafKey) ?? null) : null;
  const lastActivity = rows.reduce((t, r) => (r.created_at > t ? r.created_at : t), thread.createdAt.toISOString());
  const title = thread.title ? storable(thread.title).slice(0, 200) : null;
  const key = `${thread.source}:${thread.sourceId}`;
  const result = await rowsOf(
    db,
    sql`with created as (
          insert into threads (id, user_id, title, model_id, is_pinned, is_archived, folder_id, message_count, leaf_message_id, import_key, created_at, last_activity_at)
          select ${threadId}, ${userId}, ${title}, ${thread.modelId}, ${thread.isPinned ?? false}, ${thread.isArchived ?? false}, ${folderId}, ${rows.length}, ${leafId},
                 ${key}, ${thread.createdAt.toISOString()}::timestamptz, ${lastActivity}::timestamptz
          -- This app's own thread, imported back into the account it came from: it is there already.
          where ${thread.source !== "sidekiq"} or not exists (select 1 from threads where id = ${thread.sourceId} and user_id = ${userId})
          on conflict (user_id, import_key) where import_key is not null do nothing
          returning id
        ),
        written as (
          insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, model_id, input_tokens, output_tokens, cost, finish_reason, error, viewed_at, created_at)
          select r.id, (select id from created), r.parent_id, r.depth, r.role, r.parts, r.text, r.status, r.model_id, r.input_tokens, r.output_tokens, r.cost, r.finish_reason, r.error,
                 case when r.id = ${leafId} then now() end, r.created_at
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(ord int, id text, parent_id text, depth int, role text, parts jsonb, text text, status text, model_id text,
               input_tokens int, output_tokens int, cost numeric, finish_reason text, error text, created_at timestamptz)
          where exists (select 1 from created)
          order by r.ord
          returning 1
        )
        select (select id from created) as thread_id, (select count(*) from written) as written`,
  );
  return (result[0]?.thread_id as string | null) ?? "duplicate";
}
