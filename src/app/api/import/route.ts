import { Readable } from "node:stream";
import busboy from "busboy";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb, getDbHandle } from "@/server/db/client";
import { statisticsMayHaveChanged } from "@/server/db/statistics";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { EXPECTED_FORMATS, IMPORT_MAX_BYTES, importFile } from "@/server/library/import";
import { logger } from "@/server/logger";

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", { message: `Import files are limited to ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` });

/**
 * The multipart body's `file` field, as it arrives (busboy): never buffered whole. Anything but
 * one file field named `file` is a 400.
 */
function fileOf(req: Request): Promise<AsyncIterable<Uint8Array>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: Object.fromEntries(req.headers), limits: { files: 1, fileSize: IMPORT_MAX_BYTES + 1 } });
    } catch {
      reject(new AppError("BAD_REQUEST", { message: `Send the file as multipart/form-data, in the field "file". ${EXPECTED_FORMATS}` }));
      return;
    }
    let found = false;
    parser.on("file", (name, stream) => {
      if (name !== "file" || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve(stream);
    });
    parser.on("error", (e) => reject(e));
    parser.on("close", () => {
      if (!found) reject(new AppError("BAD_REQUEST", { message: `No file in the field "file". ${EXPECTED_FORMATS}` }));
    });
    Readable.fromWeb(req.body! as import("node:stream/web").ReadableStream<Uint8Array>).pipe(parser);
  });
}

/** POST /api/import: a file of conversations into the user's library; the answer is the report. */
export async function POST(req: Request): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const length = Number(req.headers.get("content-length") ?? 0);
    // The form's envelope around the file is small: a body this much past the limit is refused unread.
    if (length > IMPORT_MAX_BYTES + 64 * 1024) return tooLarge().toResponse();
    if (!req.body) return new AppError("BAD_REQUEST", { message: EXPECTED_FORMATS }).toResponse();
    const file = await fileOf(req);
    const report = await importFile(getDb(), session.user.id, file);
    if (report.imported > 0) statisticsMayHaveChanged(getDbHandle(), (err) => logger.warn({ err: errorSummary(err) }, "analyze failed"));
    return withSessionCookies(Response.json(report), session);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "import failed");
    return appError.toResponse();
  }
}
