import "server-only";
import type { Db } from "@/server/db/client";
import { requestStop } from "@/server/db/queries/turns";
import { getLiveReply } from "./live-replies";
import { replyBus } from "./reply-bus";

/**
 * Stops the reply streaming in the user's thread, from any tab and any instance: the request is
 * written on the reply's row (its writer sees it at its next checkpoint, wherever it runs), and
 * reaches the writer at once when it is this process, or through Redis when configured. Returns
 * false when nothing of the user's is streaming there (a reply that already finished is left as it is).
 */
export async function stopReply(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<boolean> {
  const replyId = await requestStop(db, { userId, threadId });
  if (!replyId) return false;
  const local = getLiveReply(replyId);
  if (local) local.stop("stop");
  else replyBus()?.requestStop(replyId);
  return true;
}
