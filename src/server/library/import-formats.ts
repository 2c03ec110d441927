/**
 * The conversations an import file holds, each turned into one thread: a tree of user and
 * assistant messages with parents, and the leaf that was shown. Pure functions: the reading of
 * files and the writing of rows are elsewhere (import.ts).
 *
 * Formats: this app's own export, a ChatGPT data export (`mapping` trees) and a Claude.ai export
 * (`chat_messages`, with `parent_message_uuid` or as a flat list).
 */

export type ImportSource = "sidekiq" | "chatgpt" | "claude" | "share";

export type ImportedMessage = {
  /** Its id in the file, unique within the conversation. */
  key: string;
  parentKey: string | null;
  role: "user" | "assistant";
  text: string;
  /** The parts to store; text parts of `text` unless the file had its own (this app's export). */
  parts?: unknown[];
  createdAt: Date;
  modelId: string | null;
  status?: "complete" | "error" | "stopped" | "interrupted";
  inputTokens?: number | null;
  outputTokens?: number | null;
  cost?: number | null;
  finishReason?: string | null;
  error?: string | null;
};

export type ImportedThread = {
  source: ImportSource;
  /** The conversation's id in its source: a second import of it is recognised by it. */
  sourceId: string;
  title: string | null;
  createdAt: Date;
  modelId: string | null;
  isPinned?: boolean;
  isArchived?: boolean;
  /** The name of the folder to file it in (this app's own export). */
  folder?: string | null;
  /** Parents before children. */
  messages: ImportedMessage[];
  /** The message that was shown last (a leaf), when any. */
  leafKey: string | null;
};

/** What became of one conversation of a file. */
export type ConversationOutcome =
  | { kind: "thread"; thread: ImportedThread }
  | { kind: "skipped"; source: ImportSource; sourceId: string | null; title: string | null; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

function dateOf(v: unknown, fallback: Date): Date {
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v > 1e12 ? v : v * 1000);
  if (typeof v === "string") {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// The tree rules every imported thread keeps (the same as a thread written by chatting):
// a reply answers a user message, a user message follows a reply or starts the thread, and the
// active leaf is a leaf.
// ---------------------------------------------------------------------------------------------

/** A placeholder question for a conversation (or a branch) that begins with a reply. */
export const STARTS_WITH_REPLY = "(This conversation begins with a reply.)";

type Draft = Omit<ImportedMessage, "parentKey"> & { parentKey: string | null };

/**
 * Puts messages into an order of parents before children and makes their roles alternate: a
 * message under one of its own role joins it (when that one has no other child yet) or becomes
 * its sibling; a reply with no question above it gets a placeholder one. Cycles are broken
 * (where one closes, that message becomes a root) and a parent missing from the list makes a root.
 */
export function normalizeTree(input: Draft[], leafKey: string | null): { messages: ImportedMessage[]; leafKey: string | null } {
  const byKey = new Map<string, Draft>();
  for (const m of input) if (!byKey.has(m.key)) byKey.set(m.key, { ...m });
  // Parents that exist, without cycles: walk up from each message, and cut where a walk meets itself.
  for (const m of byKey.values()) {
    const seen = new Set<string>([m.key]);
    let p = m.parentKey;
    while (p !== null) {
      const parent = byKey.get(p);
      if (!parent) {
        if (p === m.parentKey) m.parentKey = null;
        break;
      }
      if (seen.has(p)) {
        m.parentKey = null;
        break;
      }
      seen.add(p);
      p = parent.parentKey;
    }
  }
  // Parents before children, siblings in the order of the file.
  const children = new Map<string | null, Draft[]>();
  for (const m of byKey.values()) {
    const list = children.get(m.parentKey) ?? [];
    list.push(m);
    children.set(m.parentKey, list);
  }
  const ordered: Draft[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const m = stack.pop()!;
    ordered.push(m);
    stack.push(...[...(children.get(m.key) ?? [])].reverse());
  }

  const out: ImportedMessage[] = [];
  const final = new Map<string, ImportedMessage>();
  /** Where a message's key ended up (itself, or the message it joined). */
  const alias = new Map<string, string>();
  const childCount = new Map<string, number>();
  const resolve = (key: string | null) => (key === null ? null : (final.get(alias.get(key) ?? key) ?? null));
  let placeholders = 0;
  for (const m of ordered) {
    let parent = resolve(m.parentKey);
    if (parent && parent.role === m.role) {
      if ((childCount.get(parent.key) ?? 0) === 0) {
        // A run of the same role in one chain (a reply in pieces, tool steps left out): one message.
        parent.text = [parent.text, m.text].filter(Boolean).join("\n\n");
        if (parent.parts && m.parts) parent.parts = [...parent.parts, ...m.parts];
        else parent.parts = undefined;
        alias.set(m.key, parent.key);
        continue;
      }
      parent = resolve(parent.parentKey);
    }
    let parentKey = parent?.key ?? null;
    if (m.role === "assistant" && parent === null) {
      const key = `placeholder-${placeholders++}-${m.key}`;
      const question: ImportedMessage = { key, parentKey: null, role: "user", text: STARTS_WITH_REPLY, createdAt: m.createdAt, modelId: null };
      out.push(question);
      final.set(key, question);
      parentKey = key;
    }
    const message: ImportedMessage = { ...m, parentKey };
    if (parentKey) childCount.set(parentKey, (childCount.get(parentKey) ?? 0) + 1);
    out.push(message);
    final.set(m.key, message);
  }

  // The leaf shown: the one named (or what it joined), down to its newest leaf; else the newest leaf.
  const hasChild = new Set(out.flatMap((m) => (m.parentKey ? [m.parentKey] : [])));
  const newestLeafUnder = (key: string): string => {
    let at = key;
    for (;;) {
      const kids = out.filter((m) => m.parentKey === at);
      if (kids.length === 0) return at;
      at = kids.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)).key;
    }
  };
  let leaf: string | null = null;
  const named = leafKey !== null ? resolve(leafKey) : null;
  if (named) leaf = newestLeafUnder(named.key);
  else {
    const leaves = out.filter((m) => !hasChild.has(m.key));
    leaf = leaves.length ? leaves.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)).key : null;
  }
  return { messages: out, leafKey: leaf };
}

// ---------------------------------------------------------------------------------------------
// ChatGPT
// ---------------------------------------------------------------------------------------------

/** Nodes that are not part of the conversation shown: hidden context, the model's thinking. */
const CHATGPT_SKIPPED_CONTENT = new Set(["user_editable_context", "model_editable_context", "thoughts", "reasoning_recap", "execution_output", "tether_browsing_display", "tether_quote", "system_error"]);

function chatGptText(content: Record<string, unknown>): string {
  const type = content.content_type;
  if (type === "code" && typeof content.text === "string") return "```\n" + content.text + "\n```";
  if (typeof content.text === "string" && !Array.isArray(content.parts)) return content.text;
  const parts = Array.isArray(content.parts) ? content.parts : [];
  return parts
    .map((p) => {
      if (typeof p === "string") return p;
      if (isObject(p) && typeof p.text === "string") return p.text;
      if (isObject(p) && typeof p.content_type === "string" && p.content_type.includes("image")) return "[image]";
      if (isObject(p) && typeof p.content_type === "string" && p.content_type.includes("audio")) return "[audio]";
      return "";
    })
    .filter((s) => s.length > 0)
    .join("\n");
}

/** One conversation of a ChatGPT export (an entry of `conversations.json`). */
export function fromChatGpt(conv: unknown, now = new Date()): ConversationOutcome {
  if (!isObject(conv)) return { kind: "skipped", source: "chatgpt", sourceId: null, title: null, reason: "not a conversation" };
  const sourceId = str(conv.conversation_id) ?? str(conv.id);
  const title = str(conv.title);
  if (!isObject(conv.mapping)) return { kind: "skipped", source: "chatgpt", sourceId, title, reason: "no messages (a folder or project entry, not a conversation)" };
  if (!sourceId) return { kind: "skipped", source: "chatgpt", sourceId, title, reason: "the conversation has no id" };
  const createdAt = dateOf(conv.create_time, now);
  const defaultModel = str(conv.default_model_slug);
  const drafts: Draft[] = [];
  const kept = new Set<string>();
  const parentOf = new Map<string, string | null>();
  for (const [nodeId, raw] of Object.entries(conv.mapping)) {
    if (!isObject(raw)) continue;
    const id = str(raw.id) ?? nodeId;
    parentOf.set(id, str(raw.parent));
    const message = raw.message;
    if (!isObject(message)) continue;
    const role = isObject(message.author) ? message.author.role : undefined;
    if (role !== "user" && role !== "assistant") continue; // system, tool
    const metadata = isObject(message.metadata) ? message.metadata : {};
    if (metadata.is_visually_hidden_from_conversation === true) continue;
    const content = isObject(message.content) ? message.content : {};
    if (CHATGPT_SKIPPED_CONTENT.has(content.content_type as string)) continue;
    // A reply addressed to a tool (a browsing or code call) is a step, not part of what was said.
    if (role === "assistant" && typeof message.recipient === "string" && message.recipient !== "all") continue;
    const text = chatGptText(content).trim();
    if (!text) continue;
    kept.add(id);
    const slug = str(metadata.model_slug) ?? defaultModel;
    drafts.push({ key: id, parentKey: str(raw.parent), role, text, createdAt: dateOf(message.create_time, createdAt), modelId: role === "assistant" && slug ? `openai:${slug}` : null });
  }
  if (drafts.length === 0) return { kind: "skipped", source: "chatgpt", sourceId, title, reason: "no messages with text" };
  // A skipped node's children hang from its nearest kept ancestor (a cycle ends the walk).
  const keptAncestor = (start: string | null): string | null => {
    const seen = new Set<string>();
    for (let at = start; at !== null && !seen.has(at); at = parentOf.get(at) ?? null) {
      if (kept.has(at)) return at;
      seen.add(at);
    }
    return null;
  };
  for (const d of drafts) d.parentKey = keptAncestor(d.parentKey);
  const current = str(conv.current_node);
  const leaf = current ? (kept.has(current) ? current : keptAncestor(parentOf.get(current) ?? null)) : null;
  const tree = normalizeTree(drafts, leaf);
  return {
    kind: "thread",
    thread: { source: "chatgpt", sourceId, title, createdAt, modelId: defaultModel ? `openai:${defaultModel}` : null, messages: tree.messages, leafKey: tree.leafKey, isArchived: conv.is_archived === true },
  };
}

// ---------------------------------------------------------------------------------------------
// Claude
// ---------------------------------------------------------------------------------------------

/** Claude's parent of a first message: no message. */
const CLAUDE_ROOT = "00000000-0000-4000-8000-000000000000";

function claudeText(m: Record<string, unknown>): string {
  const blocks = Array.isArray(m.content) ? m.content : [];
  const fromBlocks = blocks
    .filter(isObject)
    .map((b) => (b.type === "text" && typeof b.text === "string" ? b.text : ""))
    .filter(Boolean)
    .join("\n\n");
  return (fromBlocks || (typeof m.text === "string" ? m.text : "")).trim();
}

/** One conversation of a Claude.ai export (an entry of its `conversations.json`). */
export function fromClaude(conv: unknown, now = new Date()): ConversationOutcome {
  if (!isObject(conv)) return { kind: "skipped", source: "claude", sourceId: null, title: null, reason: "not a conversation" };
  const sourceId = str(conv.uuid);
  const title = str(conv.name);
  if (!Array.isArray(conv.chat_messages)) return { kind: "skipped", source: "claude", sourceId, title, reason: "no chat_messages" };
  if (!sourceId) return { kind: "skipped", source: "claude", sourceId, title, reason: "the conversation has no uuid" };
  const createdAt = dateOf(conv.created_at, now);
  const list = conv.chat_messages.filter(isObject);
  const withParents = list.some((m) => typeof m.parent_message_uuid === "string");
  const drafts: Draft[] = [];
  // Without parents: a run of messages from one sender are versions of one turn (siblings), and
  // the last of the run is the one the conversation went on from.
  let runParent: string | null = null;
  let runSender: unknown;
  let lastOfRun: string | null = null;
  for (const [i, m] of list.entries()) {
    const role = m.sender === "human" ? "user" : m.sender === "assistant" ? "assistant" : null;
    const key = str(m.uuid) ?? `${sourceId}-${i}`;
    if (!withParents && m.sender !== runSender) {
      runParent = lastOfRun;
      runSender = m.sender;
    }
    const text = claudeText(m);
    if (role && text) {
      const parent = withParents ? str(m.parent_message_uuid) : runParent;
      drafts.push({ key, parentKey: parent === CLAUDE_ROOT ? null : parent, role, text, createdAt: dateOf(m.created_at, createdAt), modelId: null });
      lastOfRun = key;
    }
  }
  if (drafts.length === 0) return { kind: "skipped", source: "claude", sourceId, title, reason: "no messages with text" };
  const tree = normalizeTree(drafts, drafts.at(-1)!.key);
  const model = str(conv.model);
  return { kind: "thread", thread: { source: "claude", sourceId, title, createdAt, modelId: model ? `anthropic:${model}` : null, messages: tree.messages, leafKey: tree.leafKey } };
}

// ---------------------------------------------------------------------------------------------
// This app's own export
// ---------------------------------------------------------------------------------------------

const STATUSES = new Set(["complete", "error", "stopped", "interrupted"]);
const numOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** One thread of this app's export (`threads[]` of GET /api/export). */
export function fromSidekiq(thread: unknown, now = new Date()): ConversationOutcome {
  if (!isObject(thread)) return { kind: "skipped", source: "sidekiq", sourceId: null, title: null, reason: "not a thread" };
  const sourceId = str(thread.id);
  const title = str(thread.title);
  if (!sourceId || !Array.isArray(thread.messages)) return { kind: "skipped", source: "sidekiq", sourceId, title, reason: "a thread needs an id and messages" };
  const createdAt = dateOf(thread.createdAt, now);
  const drafts: Draft[] = [];
  for (const m of thread.messages.filter(isObject)) {
    const key = str(m.id);
    if (!key || (m.role !== "user" && m.role !== "assistant") || typeof m.text !== "string") continue;
    const status = typeof m.status === "string" && STATUSES.has(m.status) ? (m.status as ImportedMessage["status"]) : m.status === "streaming" ? "interrupted" : "complete";
    drafts.push({
      key,
      parentKey: str(m.parentId),
      role: m.role,
      text: m.text,
      parts: Array.isArray(m.parts) && m.parts.every(isObject) ? m.parts : undefined,
      createdAt: dateOf(m.createdAt, createdAt),
      modelId: str(m.modelId),
      status,
      inputTokens: numOrNull(m.inputTokens),
      outputTokens: numOrNull(m.outputTokens),
      cost: numOrNull(m.cost),
      finishReason: str(m.finishReason),
      error: str(m.error),
    });
  }
  const tree = normalizeTree(drafts, str(thread.leafMessageId));
  return {
    kind: "thread",
    thread: { source: "sidekiq", sourceId, title, createdAt, modelId: str(thread.modelId), isPinned: thread.isPinned === true, isArchived: thread.isArchived === true, folder: str(thread.folder), messages: tree.messages, leafKey: tree.leafKey },
  };
}

/** A conversation of a JSON array file, by its shape: ChatGPT's have `mapping` or `current_node`, Claude's `chat_messages`. */
export function fromArrayEntry(entry: unknown, now = new Date()): ConversationOutcome {
  if (isObject(entry) && "chat_messages" in entry) return fromClaude(entry, now);
  if (isObject(entry) && ("mapping" in entry || "current_node" in entry || "conversation_id" in entry)) return fromChatGpt(entry, now);
  // Folders, projects and anything else a ChatGPT export lists beside its conversations.
  const title = isObject(entry) ? (str(entry.title) ?? str(entry.name)) : null;
  const sourceId = isObject(entry) ? (str(entry.id) ?? str(entry.uuid)) : null;
  return { kind: "skipped", source: "chatgpt", sourceId, title, reason: "not a conversation (no mapping)" };
}
