import { z } from "zod";
import { storableString } from "@/lib/schemas/text";

export const MAX_MESSAGE_CHARS = 100_000;
/** Raw body cap, checked before parsing; generous for the JSON envelope around the text. */
export const MAX_BODY_BYTES = 1_000_000;

export const modelIdSchema = z
  .string()
  .min(3)
  .max(200)
  // No spaces, control characters or broken Unicode in the model's name.
  .regex(/^[a-z0-9-]+:[^\s\p{Cc}\p{Cs}]+$/u, "model ids look like provider:model");

const textPartSchema = z.object({ type: z.literal("text"), text: storableString().min(1) });

/** Text with something in it: whitespace and byte-order marks alone are no message (the model refuses an empty prompt). */
export const hasVisibleText = (text: string) => /[^\s\uFEFF]/u.test(text);

export const chatMessageInputSchema = z.object({
  id: storableString().min(1).max(100),
  role: z.literal("user"),
  parts: z
    .array(textPartSchema)
    .min(1)
    .max(20)
    .refine((parts) => parts.some((p) => hasVisibleText(p.text)), { message: "The message is empty: type something to send." }),
});

export const sendMessageRequestSchema = z.object({
  threadId: z.uuid(),
  modelId: modelIdSchema,
  message: chatMessageInputSchema,
  /** The Sidekiq a new thread starts with. An existing thread keeps its own; another one is a 400. */
  sidekiqId: z.uuid().optional(),
  /**
   * The reply this message follows. Absent: the thread's active leaf. null: none, a new first
   * message. An edit is a new message with the same parent as the one it replaces.
   */
  parentMessageId: z.uuid().nullable().optional(),
});

/** Another reply to a user message of the thread, kept beside its earlier replies. */
export const regenerateRequestSchema = z.object({
  threadId: z.uuid(),
  modelId: modelIdSchema,
  regenerate: z.object({ userMessageId: z.uuid() }),
});

/** Another reply to the active leaf's user message (the leaf, or the message the leaf answers). */
export const retryRequestSchema = z.object({
  threadId: z.uuid(),
  modelId: modelIdSchema,
  retry: z.literal(true),
});

export const chatRequestSchema = z.union([sendMessageRequestSchema, regenerateRequestSchema, retryRequestSchema]);

export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;
export type RegenerateRequest = z.infer<typeof regenerateRequestSchema>;
export type RetryRequest = z.infer<typeof retryRequestSchema>;
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const chatStopSchema = z.object({ threadId: z.uuid() });
