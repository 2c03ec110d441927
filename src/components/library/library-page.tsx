"use client";

import { CheckCircle2Icon, CircleAlertIcon, CircleMinusIcon, CopyIcon, DownloadIcon, Loader2Icon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { useThreadCache } from "@/hooks/use-thread-cache";
import { cn } from "@/lib/utils";
import type { ImportReport as Report } from "@/server/library/import";
import { useTRPC } from "@/trpc/client";

type Progress = { phase: "uploading"; sent: number; total: number } | { phase: "importing" };

const SOURCES: Record<string, string> = { chatgpt: "ChatGPT", claude: "Claude", sidekiq: "Sidekiq" };
const MB = 1024 * 1024;

/**
 * Uploads the file with XMLHttpRequest, the one browser API that reports an upload's progress,
 * then waits while the server imports it.
 */
function upload(file: File, onProgress: (p: Progress) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/import");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress({ phase: "uploading", sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => onProgress({ phase: "importing" });
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => reject(new Error("network"));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** /library: import conversations from ChatGPT, Claude or a Sidekiq export, and export everything. */
export function LibraryPage() {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const threadCache = useThreadCache();
  const trpc = useTRPC();
  // The server imports as the file arrives: its job row says how far it has got.
  const job = useQuery({ ...trpc.imports.latest.queryOptions(), enabled: progress !== null, refetchInterval: progress ? 1000 : false });
  const running = progress && job.data?.status === "running" ? job.data : null;

  async function start(file: File | undefined) {
    if (!file || progress) return;
    setError(null);
    setReport(null);
    if (file.size > 200 * MB) return setError(`${file.name} is ${(file.size / MB).toFixed(0)} MB; import files are limited to 200 MB.`);
    setProgress({ phase: "uploading", sent: 0, total: file.size });
    try {
      const { status, body } = await upload(file, setProgress);
      if (status === 200) {
        setReport(body as Report);
        void threadCache.invalidate();
      } else setError((body as { error?: { message?: string } } | null)?.error?.message ?? "The import failed. Try again.");
    } catch {
      setError("Couldn't reach Sidekiq. Check your connection and try again.");
    } finally {
      setProgress(null);
      if (input.current) input.current.value = "";
    }
  }

  const percent = progress?.phase === "uploading" && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : null;

  return (
    <PageFrame title="Import & export" description="Bring your conversations from ChatGPT or Claude, or take everything with you.">
      <section className="flex flex-col gap-3">
        <h2 className="text-base font-semibold">Import</h2>
        <p className="text-sm text-muted-foreground">
          A ChatGPT data export (the .zip, or its conversations.json), a Claude.ai export (the .zip, or its conversations.json), or a Sidekiq export. Every branch is kept;
          a file imported twice adds nothing the second time.
        </p>
        <div
          data-testid="import-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void start(e.dataTransfer.files[0]);
          }}
          className={cn(
            "flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-8 text-center transition-colors",
            dragging ? "border-brand bg-brand/5" : "border-border",
          )}
        >
          {progress ? (
            <div className="flex w-full max-w-sm flex-col items-center gap-2" role="status" data-testid="import-progress">
              <Loader2Icon className="size-5 animate-spin text-muted-foreground" aria-hidden />
              <span className="text-sm">{progress.phase === "uploading" ? `Uploading… ${percent ?? 0}%` : "Importing conversations…"}</span>
              {running && running.conversations > 0 && (
                <span className="text-xs text-muted-foreground tabular-nums" data-testid="import-count">
                  {running.conversations.toLocaleString("en-US")} conversations read · {running.imported.toLocaleString("en-US")} imported
                  {running.duplicates ? ` · ${running.duplicates.toLocaleString("en-US")} already here` : ""}
                </span>
              )}
              <div className="h-1.5 w-full overflow-hidden rounded-full bg-muted">
                <div className={cn("h-full bg-brand transition-[width]", progress.phase === "importing" && "w-full animate-pulse")} style={percent !== null ? { width: `${percent}%` } : undefined} />
              </div>
            </div>
          ) : (
            <>
              <UploadIcon className="size-6 text-muted-foreground" aria-hidden />
              <span className="text-sm text-muted-foreground">Drop a file here, or</span>
              <Button data-testid="import-choose" onClick={() => input.current?.click()}>
                Choose a file
              </Button>
            </>
          )}
          <input ref={input} type="file" accept=".zip,.json,application/zip,application/json" data-testid="import-file" className="sr-only" onChange={(e) => void start(e.target.files?.[0])} />
        </div>
        {error && (
          <p role="alert" data-testid="import-error" className="flex items-start gap-2 rounded-lg border border-destructive/25 bg-destructive/[0.06] px-3 py-2 text-sm text-destructive">
            <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            {error}
          </p>
        )}
        {report && <ImportReport report={report} />}
      </section>

      <section className="mt-10 flex flex-col gap-3">
        <h2 className="text-base font-semibold">Export</h2>
        <p className="text-sm text-muted-foreground">Every chat and every branch, as one JSON file that Sidekiq imports back. One chat alone is in its menu in the sidebar (Markdown or JSON).</p>
        <div>
          <Button variant="outline" asChild>
            <a href="/api/export" download data-testid="export-all">
              <DownloadIcon aria-hidden /> Export all chats
            </a>
          </Button>
        </div>
      </section>
    </PageFrame>
  );
}

function ImportReport({ report }: { report: Report }) {
  const parts = [
    `${report.imported} imported`,
    report.duplicates ? `${report.duplicates} already here` : "",
    report.skipped ? `${report.skipped} skipped` : "",
    report.failed ? `${report.failed} failed` : "",
    report.sidekiqs?.imported ? `${report.sidekiqs.imported} ${report.sidekiqs.imported === 1 ? "Sidekiq" : "Sidekiqs"} added` : "",
  ].filter(Boolean);
  return (
    <div data-testid="import-report" className="flex flex-col gap-2 rounded-xl border">
      <div className="flex items-center justify-between gap-3 border-b px-4 py-3">
        <span className="text-sm font-medium" data-testid="import-summary">
          {parts.join(" · ")}
        </span>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => void navigator.clipboard?.writeText(JSON.stringify(report, null, 2))}
          aria-label="Copy the report"
        >
          <CopyIcon aria-hidden /> Copy report
        </Button>
      </div>
      {!!report.notes?.length && (
        <ul className="px-4 text-sm text-amber-700 dark:text-amber-400" data-testid="import-notes">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {report.fileErrors.length > 0 && (
        <ul className="px-4 text-sm text-destructive">
          {report.fileErrors.map((f) => (
            <li key={f.file}>
              {f.file}: {f.reason}
            </li>
          ))}
        </ul>
      )}
      <ul className="scrollbar-thin max-h-80 overflow-y-auto px-2 pb-2">
        {report.conversations.map((c, i) => (
          <li key={`${c.sourceId}-${i}`} data-testid="import-item" data-status={c.status} className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm">
            {c.status === "imported" ? (
              <CheckCircle2Icon className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-label="Imported" />
            ) : c.status === "failed" ? (
              <CircleAlertIcon className="size-4 shrink-0 text-destructive" aria-label="Failed" />
            ) : (
              <CircleMinusIcon className="size-4 shrink-0 text-muted-foreground" aria-label={c.status === "duplicate" ? "Already here" : "Skipped"} />
            )}
            {c.threadId ? (
              <Link href={`/chat/${c.threadId}`} className="min-w-0 flex-1 truncate hover:underline">
                {c.title || "Untitled"}
              </Link>
            ) : (
              <span className="min-w-0 flex-1 truncate">{c.title || "Untitled"}</span>
            )}
            <span className="shrink-0 text-xs text-muted-foreground">
              {SOURCES[c.source] ?? c.source}
              {c.messages !== undefined ? ` · ${c.messages} messages` : ""}
              {c.reason ? ` · ${c.reason}` : ""}
              {c.note ? ` · ${c.note}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
