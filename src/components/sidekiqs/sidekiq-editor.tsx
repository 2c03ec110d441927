"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, PlusIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { authClient } from "@/lib/auth-client";
import { AVATAR_MAX_BYTES, sniffImageType } from "@/lib/schemas/avatar";
import { createSidekiqInput, estimateTokens, SIDEKIQ_LIMITS, type SidekiqVisibility } from "@/lib/schemas/sidekiq";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/client";
import { SidekiqAvatar } from "./sidekiq-avatar";

export type EditorValues = {
  name: string;
  description: string;
  avatarEmoji: string;
  avatarColor: string;
  instructions: string;
  starters: string[];
  defaultModelId: string | null;
  visibility: SidekiqVisibility;
  teamId: string | null;
};

const BLANK: EditorValues = { name: "", description: "", avatarEmoji: "✨", avatarColor: "#6366f1", instructions: "", starters: [], defaultModelId: null, visibility: "private", teamId: null };
const COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#64748b"];
const EMOJIS = ["✨", "🤖", "🧠", "📚", "💡", "🛠️", "✍️", "🧪", "📈", "🎨", "🧭", "🦜"];
const VISIBILITY: { value: SidekiqVisibility; label: string; hint: string }[] = [
  { value: "private", label: "Only me", hint: "Nobody else can find or use it." },
  { value: "team", label: "A team", hint: "Its members can use it and read its instructions; its admins can edit it." },
  { value: "public", label: "Anyone with the link", hint: "Listed in the public gallery. Only editors see the instructions." },
];
const fmt = (n: number) => n.toLocaleString("en-US");

/** Create or edit a Sidekiq. The shared schema checks every field here first, and the server again. */
export function SidekiqEditor({ sidekiqId, initial, imageVersion = null }: { sidekiqId?: string; initial?: EditorValues; imageVersion?: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<EditorValues>(initial ?? BLANK);
  const [note, setNote] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  // An image chosen here is uploaded once the Sidekiq is saved; "remove" goes back to the emoji.
  const [image, setImage] = useState<{ file: File; url: string } | "remove" | null>(null);
  const models = useQuery(trpc.models.list.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const activeTeam = authClient.useActiveOrganization();
  const create = useMutation(trpc.sidekiqs.create.mutationOptions());
  const update = useMutation(trpc.sidekiqs.update.mutationOptions());
  const saving = create.isPending || update.isPending;
  const serverError = (create.error ?? update.error)?.message;
  const set = <K extends keyof EditorValues>(key: K, value: EditorValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function chooseImage(file: File | undefined) {
    if (!file) return;
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    if (!sniffImageType(head)) return setIssues((i) => ({ ...i, avatar: "Use a PNG, JPEG or WebP image." }));
    if (file.size > AVATAR_MAX_BYTES) return setIssues((i) => ({ ...i, avatar: "Images are at most 1 MB." }));
    setIssues(({ avatar: _, ...rest }) => rest);
    setImage({ file, url: URL.createObjectURL(file) });
  }

  async function save() {
    const parsed = createSidekiqInput.safeParse(values);
    if (!parsed.success) {
      setIssues(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setIssues({});
    const input = parsed.data;
    const id = sidekiqId ? (await update.mutateAsync({ sidekiqId, ...input, note: note || undefined })).id : (await create.mutateAsync(input)).id;
    if (image) {
      const res = await fetch(`/api/sidekiqs/${id}/avatar`, image === "remove" ? { method: "DELETE" } : { method: "PUT", body: image.file });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setIssues({ avatar: body?.error?.message ?? "The image could not be saved." });
        if (!sidekiqId) router.replace(`/sidekiqs/${id}/edit`);
        return;
      }
    }
    await queryClient.invalidateQueries(trpc.sidekiqs.pathFilter());
    router.push(`/sidekiqs/${id}`);
  }

  const chars = values.instructions.length;
  return (
    <form
      data-testid="sidekiq-editor"
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        void save().catch(() => {});
      }}
    >
      <section className="flex flex-col gap-4 rounded-2xl border bg-card p-5">
        <div className="flex items-start gap-4">
          <div className="flex flex-col items-center gap-1.5">
            <SidekiqAvatar
              emoji={values.avatarEmoji || "✨"}
              color={values.avatarColor}
              image={image === "remove" || !sidekiqId ? null : { sidekiqId, version: imageVersion }}
              previewUrl={image && image !== "remove" ? image.url : null}
              className="size-16 rounded-2xl text-3xl"
            />
            <label className="cursor-pointer text-xs text-brand hover:underline">
              Upload
              <input type="file" accept="image/png,image/jpeg,image/webp" data-testid="sk-avatar-file" className="sr-only" onChange={(e) => void chooseImage(e.target.files?.[0])} />
            </label>
            {((image && image !== "remove") || (imageVersion && image !== "remove")) && (
              <button type="button" className="text-xs text-muted-foreground hover:underline" onClick={() => setImage("remove")}>
                Use the emoji
              </button>
            )}
          </div>
          <div className="flex min-w-0 flex-1 flex-col gap-2">
            <div className="flex flex-wrap gap-1" role="group" aria-label="Emoji">
              {EMOJIS.map((e) => (
                <button key={e} type="button" aria-label={`Emoji ${e}`} aria-pressed={values.avatarEmoji === e} onClick={() => set("avatarEmoji", e)} className={cn("flex size-8 items-center justify-center rounded-lg text-lg hover:bg-accent", values.avatarEmoji === e && "bg-accent ring-2 ring-ring/40")}>
                  {e}
                </button>
              ))}
              <Input aria-label="Another emoji" value={values.avatarEmoji} onChange={(e) => set("avatarEmoji", e.target.value)} className="h-8 w-16 text-center" maxLength={16} aria-invalid={!!issues.avatarEmoji} />
            </div>
            <div className="flex flex-wrap gap-1.5" role="group" aria-label="Colour">
              {COLORS.map((c) => (
                <button key={c} type="button" aria-label={`Colour ${c}`} aria-pressed={values.avatarColor === c} onClick={() => set("avatarColor", c)} className={cn("size-6 rounded-full ring-offset-2 ring-offset-card", values.avatarColor === c && "ring-2 ring-ring")} style={{ backgroundColor: c }} />
              ))}
            </div>
            {issues.avatarEmoji && <FieldError text={issues.avatarEmoji} />}
            {issues.avatar && <FieldError text={issues.avatar} />}
            <p className="text-xs text-muted-foreground">An emoji on a colour, or a PNG, JPEG or WebP image up to 1 MB.</p>
          </div>
        </div>
        <Field label="Name" htmlFor="sk-name" error={issues.name} count={`${values.name.length} / ${SIDEKIQ_LIMITS.name}`}>
          <Input id="sk-name" data-testid="sk-name" value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="Code reviewer" aria-invalid={!!issues.name} />
        </Field>
        <Field label="Description" htmlFor="sk-description" error={issues.description} count={`${values.description.length} / ${SIDEKIQ_LIMITS.description}`}>
          <Textarea id="sk-description" data-testid="sk-description" rows={2} value={values.description} onChange={(e) => set("description", e.target.value)} placeholder="What it helps with, in a sentence." aria-invalid={!!issues.description} />
        </Field>
      </section>

      <section className="flex flex-col gap-4 rounded-2xl border bg-card p-5">
        <Field
          label="Instructions"
          htmlFor="sk-instructions"
          error={issues.instructions}
          count={
            <span data-testid="sk-instructions-count" className={cn(chars > SIDEKIQ_LIMITS.instructions && "text-destructive")}>
              {fmt(chars)} / {fmt(SIDEKIQ_LIMITS.instructions)} characters · about {fmt(estimateTokens(values.instructions))} tokens
            </span>
          }
        >
          <Textarea
            id="sk-instructions"
            data-testid="sk-instructions"
            rows={10}
            value={values.instructions}
            onChange={(e) => set("instructions", e.target.value)}
            placeholder="You are a careful code reviewer. Point out bugs first, then style…"
            className="font-mono text-[13px] leading-relaxed"
            aria-invalid={!!issues.instructions}
          />
        </Field>
        <div className="flex flex-col gap-2">
          <Label>Conversation starters</Label>
          {values.starters.map((starter, i) => (
            <div key={i} className="flex gap-2">
              <Input aria-label={`Starter ${i + 1}`} data-testid="sk-starter" value={starter} onChange={(e) => set("starters", values.starters.map((s, j) => (j === i ? e.target.value : s)))} maxLength={SIDEKIQ_LIMITS.starter} />
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove starter ${i + 1}`} onClick={() => set("starters", values.starters.filter((_, j) => j !== i))}>
                <XIcon />
              </Button>
            </div>
          ))}
          {values.starters.length < SIDEKIQ_LIMITS.starters && (
            <Button type="button" variant="outline" size="sm" className="w-fit" data-testid="sk-add-starter" onClick={() => set("starters", [...values.starters, ""])}>
              <PlusIcon aria-hidden /> Add a starter
            </Button>
          )}
          {issues.starters && <FieldError text={issues.starters} />}
        </div>
        <Field label="Default model" htmlFor="sk-model" error={issues.defaultModelId}>
          <select id="sk-model" data-testid="sk-model" value={values.defaultModelId ?? ""} onChange={(e) => set("defaultModelId", e.target.value || null)} className="h-10 rounded-lg border border-input bg-background px-3 text-sm dark:bg-input/20">
            <option value="">The chat's own model</option>
            {models.data?.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
            {values.defaultModelId && !models.data?.models.some((m) => m.id === values.defaultModelId) && <option value={values.defaultModelId}>{values.defaultModelId}</option>}
          </select>
        </Field>
      </section>

      <section className="flex flex-col gap-3 rounded-2xl border bg-card p-5">
        <Label>Who can use it</Label>
        <div className="grid gap-2 sm:grid-cols-3" role="radiogroup" aria-label="Visibility">
          {VISIBILITY.map((v) => (
            <button
              key={v.value}
              type="button"
              role="radio"
              aria-checked={values.visibility === v.value}
              data-testid={`sk-visibility-${v.value}`}
              onClick={() => setValues((cur) => ({ ...cur, visibility: v.value, teamId: v.value === "team" ? (cur.teamId ?? activeTeam.data?.id ?? teams.data?.teams[0]?.id ?? null) : null }))}
              className={cn("flex flex-col gap-1 rounded-xl border p-3 text-left text-sm hover:bg-accent/50", values.visibility === v.value && "border-ring bg-accent/40 ring-2 ring-ring/20")}
            >
              <span className="font-medium">{v.label}</span>
              <span className="text-xs text-muted-foreground">{v.hint}</span>
            </button>
          ))}
        </div>
        {values.visibility === "team" &&
          (teams.data && teams.data.teams.length === 0 ? (
            <p className="text-sm text-muted-foreground">You are not in a team yet. Make one on the Teams page first.</p>
          ) : (
            <select aria-label="Team" data-testid="sk-team" value={values.teamId ?? ""} onChange={(e) => set("teamId", e.target.value || null)} className="h-10 w-full rounded-lg border border-input bg-background px-3 text-sm sm:w-72 dark:bg-input/20">
              {teams.data?.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          ))}
        {issues.teamId && <FieldError text={issues.teamId} />}
      </section>

      {sidekiqId && (
        <Field label="What changed (optional)" htmlFor="sk-note">
          <Input id="sk-note" data-testid="sk-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={SIDEKIQ_LIMITS.note} placeholder="Shown in the version history" />
        </Field>
      )}
      {serverError && (
        <p role="alert" className="rounded-xl border border-destructive/25 bg-destructive/[0.06] px-3.5 py-2.5 text-sm text-destructive">
          {serverError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
        <Button type="submit" variant="brand" data-testid="sk-save" disabled={saving}>
          {saving && <Loader2Icon className="animate-spin" aria-hidden />}
          {sidekiqId ? "Save" : "Create Sidekiq"}
        </Button>
      </div>
    </form>
  );
}

function Field({ label, htmlFor, error, count, children }: { label: string; htmlFor: string; error?: string; count?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={htmlFor}>{label}</Label>
        {count && <span className="text-xs tabular-nums text-muted-foreground">{count}</span>}
      </div>
      {children}
      {error && <FieldError text={error} />}
    </div>
  );
}

function FieldError({ text }: { text: string }) {
  return (
    <p role="alert" className="text-xs text-destructive">
      {text}
    </p>
  );
}
