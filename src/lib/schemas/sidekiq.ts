import { z } from "zod";
import { modelIdSchema } from "@/lib/chat/request";
import { storableString } from "./text";

/** Who can find and use a Sidekiq: its author, the members of one of the author's teams, or anyone signed in. */
export const SIDEKIQ_VISIBILITIES = ["private", "team", "public"] as const;
export type SidekiqVisibility = (typeof SIDEKIQ_VISIBILITIES)[number];

export const SIDEKIQ_LIMITS = { name: 80, description: 500, instructions: 32_000, starters: 4, starter: 300, note: 200 } as const;

/** A rough token count for the live counter (about 4 characters a token for English text). */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export const sidekiqIdSchema = z.uuid();
export const sidekiqIdInput = z.object({ sidekiqId: sidekiqIdSchema });

const emoji = storableString()
  .min(1, "Pick an emoji")
  .max(16)
  .regex(/^\p{Extended_Pictographic}/u, "The avatar must be an emoji");

/** The fields a create or an update sets. Each failure names its field. */
export const sidekiqFields = {
  name: storableString().trim().min(1, "Name can't be empty").max(SIDEKIQ_LIMITS.name, `Names are at most ${SIDEKIQ_LIMITS.name} characters`),
  description: storableString().trim().max(SIDEKIQ_LIMITS.description, `Descriptions are at most ${SIDEKIQ_LIMITS.description} characters`),
  avatarEmoji: emoji,
  avatarColor: z.string().regex(/^#[0-9a-f]{6}$/i, "Colours look like #6366f1"),
  instructions: storableString().max(SIDEKIQ_LIMITS.instructions, `Instructions are at most ${SIDEKIQ_LIMITS.instructions.toLocaleString("en-US")} characters`),
  starters: z
    .array(storableString().trim().min(1, "A starter can't be empty").max(SIDEKIQ_LIMITS.starter))
    .max(SIDEKIQ_LIMITS.starters, `At most ${SIDEKIQ_LIMITS.starters} conversation starters`),
  defaultModelId: modelIdSchema.nullable(),
  visibility: z.enum(SIDEKIQ_VISIBILITIES),
  /** The team that can use it; required for "team" visibility and only allowed with it. */
  teamId: z.string().min(1).max(100).nullable(),
};

const teamMatchesVisibility = (v: { visibility?: SidekiqVisibility; teamId?: string | null }) =>
  v.visibility === undefined || (v.visibility === "team") === (v.teamId != null);
const teamIssue = { message: "A team Sidekiq needs a team, and only a team Sidekiq has one", path: ["teamId"] };

export const createSidekiqInput = z
  .object({
    ...sidekiqFields,
    description: sidekiqFields.description.default(""),
    avatarEmoji: sidekiqFields.avatarEmoji.default("✨"),
    avatarColor: sidekiqFields.avatarColor.default("#6366f1"),
    instructions: sidekiqFields.instructions.default(""),
    starters: sidekiqFields.starters.default([]),
    defaultModelId: sidekiqFields.defaultModelId.default(null),
    visibility: sidekiqFields.visibility.default("private"),
    teamId: sidekiqFields.teamId.default(null),
  })
  .refine(teamMatchesVisibility, teamIssue);
export type CreateSidekiqInput = z.infer<typeof createSidekiqInput>;

export const updateSidekiqInput = z
  .object(sidekiqFields)
  .partial()
  .extend({ sidekiqId: sidekiqIdSchema, note: storableString().trim().max(SIDEKIQ_LIMITS.note).optional() })
  .refine(teamMatchesVisibility, teamIssue);
export type UpdateSidekiqInput = z.infer<typeof updateSidekiqInput>;

export const restoreVersionInput = sidekiqIdInput.extend({ version: z.number().int().min(1) });

export const SIDEKIQ_TABS = ["mine", "team", "public"] as const;
export const SIDEKIQ_SORTS = ["recent", "popular"] as const;

/** Keyset cursor: the sort key of the last item seen, and its id. */
export const sidekiqCursorSchema = z.object({ key: z.number(), id: z.string() });
export type SidekiqCursor = z.infer<typeof sidekiqCursorSchema>;

export const listSidekiqsInput = z.object({
  tab: z.enum(SIDEKIQ_TABS).default("mine"),
  sort: z.enum(SIDEKIQ_SORTS).default("recent"),
  query: storableString().trim().max(100).default(""),
  limit: z.number().int().min(1).max(100).default(24),
  cursor: sidekiqCursorSchema.nullish(),
});
export type ListSidekiqsInput = z.infer<typeof listSidekiqsInput>;
