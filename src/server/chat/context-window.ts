import { type SQL, sql } from "drizzle-orm";

/**
 * What of a thread fits a model's context window. Tokens are estimated from UTF-8 bytes, on the
 * safe side for every tokenizer we send to: English prose runs about 4 bytes a token, code about
 * 3, and CJK text (3 bytes a character) about 1 token a character. Counting 3 bytes a token sends a
 * little less than would fit rather than a request the provider refuses. The database counts the
 * same way (`octet_length` reads a stored text's size without decompressing it), so the history
 * is cut while it is read, never after reading the whole path. So does the trigger that keeps
 * each message's `prefix_tokens` (drizzle/0011_history_prefix_tokens.sql): a change to these
 * figures needs a migration that recounts them.
 */
export const BYTES_PER_TOKEN = 3;
/** The role and the separators around each message's text. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimated tokens of one message's text, overhead included. */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / BYTES_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS;
}

/** The same estimate over a text column (or any text expression) in SQL. */
export function estimatedTokensSql(textColumn: SQL): SQL {
  return sql`((octet_length(${textColumn}) + ${BYTES_PER_TOKEN - 1}) / ${BYTES_PER_TOKEN} + ${MESSAGE_OVERHEAD_TOKENS})`;
}

export type ContextPlan = {
  window: number;
  /** The reply's cap: the configured one, or a quarter of a small window. */
  maxOutputTokens: number;
  /** Tokens left for the instructions and the messages. */
  inputBudget: number;
};

/**
 * The window minus the reply's room. A window smaller than four times the configured output cap
 * (a local model with 8k) keeps three quarters for the conversation, and the reply gets the rest:
 * a prompt plus `max_tokens` over the window is refused outright by servers such as vLLM.
 */
export function planContext(window: number, maxOutputTokens: number): ContextPlan {
  const output = Math.max(1, Math.min(maxOutputTokens, Math.floor(window / 4)));
  return { window, maxOutputTokens: output, inputBudget: window - output };
}
