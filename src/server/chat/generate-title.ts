import "server-only";
import { generateText, type LanguageModel } from "ai";
import { AI_TELEMETRY } from "@/server/ai/telemetry";

const TITLE_INSTRUCTIONS =
  "You write the title of a conversation from its first message. Reply with the title only: at most 6 words, no quotes, no trailing punctuation.";

/** First words of the user's message: the title when the model can't make one. */
export function fallbackTitle(text: string): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
  const short = words.length > 60 ? `${words.slice(0, 57).trimEnd()}…` : words;
  return short || "New chat";
}

export function cleanTitle(raw: string): string | undefined {
  const line = raw.replace(/^title:\s*/i, "").split("\n")[0]!.trim().replace(/^["'`*]+|["'`*.,;:]+$/g, "").trim();
  if (!line) return undefined;
  return line.length > 80 ? `${line.slice(0, 77).trimEnd()}…` : line;
}

export async function generateTitle(model: LanguageModel, firstMessage: string): Promise<string> {
  try {
    const { text } = await generateText({
      model,
      instructions: TITLE_INSTRUCTIONS,
      prompt: firstMessage.slice(0, 2_000),
      maxOutputTokens: 30,
      maxRetries: 1,
      timeout: 15_000,
      telemetry: AI_TELEMETRY,
    });
    return cleanTitle(text) ?? fallbackTitle(firstMessage);
  } catch {
    return fallbackTitle(firstMessage);
  }
}
