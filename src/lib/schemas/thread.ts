import { z } from "zod";
import { storableString } from "./text";

export const threadIdInput = z.object({ threadId: z.uuid() });
export type ThreadIdInput = z.infer<typeof threadIdInput>;

export const THREAD_TITLE_MAX = 200;
export const threadTitleSchema = storableString().trim().min(1, "Title can't be empty").max(THREAD_TITLE_MAX);

export const renameThreadInput = threadIdInput.extend({ title: threadTitleSchema });
export type RenameThreadInput = z.infer<typeof renameThreadInput>;

export const pinThreadInput = threadIdInput.extend({ pinned: z.boolean() });
export const archiveThreadInput = threadIdInput.extend({ archived: z.boolean() });

/**
 * Keyset cursor over (is_pinned desc, last_activity_at desc, id desc). `lastActivityAt` is the
 * database's own text of the timestamp, to the microsecond: a JavaScript Date keeps milliseconds,
 * and a cursor rounded down to one skipped the rows updated later in the same millisecond.
 */
export const threadCursorSchema = z.object({
  isPinned: z.boolean(),
  lastActivityAt: z.union([
    z.string().regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d(:?\d\d)?)$/, "Not a timestamp"),
    // A page cached by a tab opened before the cursor became text.
    z.date().transform((d) => d.toISOString()),
  ]),
  id: z.string().max(100),
});
export type ThreadCursor = z.infer<typeof threadCursorSchema>;

export const listThreadsInput = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  cursor: threadCursorSchema.nullish(),
  archived: z.boolean().default(false),
  /** Absent: every folder; null: the root only; an id: that folder. */
  folderId: z.uuid().nullable().optional(),
});
export type ListThreadsInput = z.infer<typeof listThreadsInput>;

/** A message's id, as the server made it. */
export const messageIdSchema = z.string().min(1).max(100);

export const listMessagesInput = threadIdInput.extend({
  limit: z.number().int().min(1).max(500).default(200),
  /** Page backwards along the active path from the leaf: pass the previous page's `nextCursor`. */
  cursor: messageIdSchema.nullish(),
});
export type ListMessagesInput = z.infer<typeof listMessagesInput>;

/** A message of the thread: the branch to switch to, the message to fork at. */
export const threadMessageInput = threadIdInput.extend({ messageId: messageIdSchema });
export type ThreadMessageInput = z.infer<typeof threadMessageInput>;

export const FOLDER_NAME_MAX = 80;
export const folderNameSchema = storableString().trim().min(1, "Name the folder").max(FOLDER_NAME_MAX);
export const folderIdInput = z.object({ folderId: z.uuid() });
export const createFolderInput = z.object({ name: folderNameSchema });
export const renameFolderInput = folderIdInput.extend({ name: folderNameSchema });

/** Bulk actions from the sidebar's selection. */
export const threadIdsInput = z.object({ threadIds: z.array(z.uuid()).min(1).max(500) });
export const moveThreadsInput = threadIdsInput.extend({ folderId: z.uuid().nullable() });
export const archiveThreadsInput = threadIdsInput.extend({ archived: z.boolean() });
