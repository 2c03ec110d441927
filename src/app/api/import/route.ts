import { Readable } from "node:stream";
import busboy from "busboy";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb, getDbHandle } from "@/server/db/client";
import { statisticsMayHaveChanged } from "@/server/db/statistics";
import { finishImportJob, startImportJob, updateImportJob } from "@/server/db/queries/import-jobs";
import { AppError, errorSummary, isAppError } from "@/server/errors";
import { assertDeclaredLength, boundedChunks } from "@/server/http/body";
import { apiRoute } from "@/server/http/route";
import { EXPECTED_FORMATS, IMPORT_MAX_BYTES, type ImportProgress, importFile, importLimits } from "@/server/library/import";
import { logger } from "@/server/logger";

// The form's envelope around the file is small: a body this much past the file's limit is refused unread.
const IMPORT_BODY_LIMIT = { bytes: IMPORT_MAX_BYTES + 64 * 1024, what: "Import files" };

const malformedForm = () => new AppError("BAD_REQUEST", { message: `The upload is not a complete multipart form. ${EXPECTED_FORMATS}` });

/** A stream's chunks, with its failures (busboy's "Unexpected end of form", a client gone) as the 400 they are. */
async function* asUpload(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw isAppError(error) ? error : malformedForm();
  }
}

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
    let file: Readable | undefined;
    parser.on("file", (name, stream) => {
      if (name !== "file" || file) {
        stream.resume();
        return;
      }
      file = stream;
      resolve(asUpload(stream));
    });
    parser.on("error", (e) => {
      const error = isAppError(e) ? e : malformedForm();
      if (file) file.destroy(error);
      else reject(error);
    });
    parser.on("close", () => {
      if (!file) reject(new AppError("BAD_REQUEST", { message: `No file in the field "file". ${EXPECTED_FORMATS}` }));
    });
    const body = Readable.from(boundedChunks(req, IMPORT_BODY_LIMIT));
    // Past the limit: the file being read fails with the 413 (or, before it began, the request does).
    body.on("error", (error) => {
      if (file) file.destroy(error);
      else reject(error);
      body.unpipe(parser);
    });
    body.pipe(parser);
  });
}

/** Progress reaches the job row (and the polling page) at most this often. */
const PROGRESS_EVERY_MS = 500;

/**
 * POST /api/import: a file of conversations into the user's library; the answer is the report.
 * One import per user at a time (a second one is a 409 before its body is read); its progress is
 * the job row that `imports.latest` reads.
 */
export const POST = apiRoute("import", async (req) => {
  const session = await getRequestSession(req.headers);
  if (!session) throw new AppError("UNAUTHORIZED");
  if (!req.body) throw new AppError("BAD_REQUEST", { message: EXPECTED_FORMATS });
  // A body declared past the limit is refused before it makes a job.
  assertDeclaredLength(req, IMPORT_BODY_LIMIT);
  const db = getDb();
  const declared = Number(req.headers.get("content-length"));
  const jobId = await startImportJob(db, { userId: session.user.id, bytesTotal: Number.isFinite(declared) && declared > 0 ? declared : null });
  if (!jobId) throw new AppError("CONFLICT", { message: "An import of yours is still running. Wait for it to finish, then try again." });
  let last = 0;
  let latest: ImportProgress | undefined;
  try {
    const file = await fileOf(req);
    const report = await importFile(db, session.user.id, file, {
      limits: importLimits(),
      onProgress: async (p) => {
        latest = p;
        if (Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        await updateImportJob(db, { id: jobId, counts: p }).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, "import progress not saved"));
      },
    });
    await finishImportJob(db, { id: jobId, counts: { ...(latest ?? { bytesRead: 0 }), conversations: report.conversations.length, imported: report.imported, duplicates: report.duplicates, skipped: report.skipped, failed: report.failed } });
    if (report.imported > 0) statisticsMayHaveChanged(getDbHandle(), (err) => logger.warn({ err: errorSummary(err) }, "analyze failed"));
    return withSessionCookies(Response.json(report), session);
  } catch (error) {
    const message = isAppError(error) ? error.message : "The import failed.";
    await finishImportJob(db, { id: jobId, counts: latest, error: message }).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, "import job not closed"));
    if (latest && latest.imported > 0) statisticsMayHaveChanged(getDbHandle(), (err) => logger.warn({ err: errorSummary(err) }, "analyze failed"));
    throw error;
  }
});
