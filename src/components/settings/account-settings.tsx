"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDistanceToNowStrict, format } from "date-fns";
import { HelpCircleIcon, Loader2Icon, LogOutIcon, MonitorIcon, SmartphoneIcon, TabletIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { authClient } from "@/lib/auth-client";
import { describeDevice } from "@/lib/describe-device";
import { ACCOUNT_LIMITS } from "@/lib/schemas/account";

const SESSIONS_KEY = ["account", "sessions"];
const ICONS = { desktop: MonitorIcon, mobile: SmartphoneIcon, tablet: TabletIcon, unknown: HelpCircleIcon };

/** A full page load to the sign-in page, so nothing of this account stays in memory. */
const toSignIn = () => window.location.assign("/sign-in");

/** /settings: your name, your password, and every device signed in to your account. */
export function AccountSettings() {
  return (
    <PageFrame title="Settings" description="Your account, your password, and where you are signed in.">
      <ProfileSection />
      <PasswordSection />
      <SessionsSection />
    </PageFrame>
  );
}

function Section({ title, description, children, testId }: { title: string; description?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} className="flex flex-col gap-4 rounded-2xl border bg-card p-5">
      <div>
        <h2 className="text-base font-semibold">{title}</h2>
        {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      </div>
      {children}
    </section>
  );
}

function ProfileSection() {
  const { data: session } = authClient.useSession();
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = name ?? session?.user.name ?? "";

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!value.trim()) return void toast.error("Your name can't be empty.");
    setBusy(true);
    const { error } = await authClient.updateUser({ name: value.trim() });
    setBusy(false);
    if (error) return void toast.error(error.message ?? "Couldn't save your name.");
    setName(null);
    toast.success("Saved.");
  }

  return (
    <Section title="Profile">
      <form className="flex max-w-md flex-col gap-3 sm:flex-row sm:items-end" onSubmit={(e) => void save(e)}>
        <div className="flex flex-1 flex-col gap-2">
          <Label htmlFor="settings-name">Name</Label>
          <Input id="settings-name" data-testid="settings-name" autoComplete="name" maxLength={ACCOUNT_LIMITS.name} value={value} onChange={(e) => setName(e.target.value)} />
        </div>
        <Button type="submit" variant="outline" disabled={busy || name === null}>
          {busy && <Loader2Icon className="animate-spin" aria-hidden />} Save
        </Button>
      </form>
      {session && <p className="text-sm text-muted-foreground">Signed in as {session.user.email}</p>}
    </Section>
  );
}

function PasswordSection() {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [others, setOthers] = useState(true);
  const [busy, setBusy] = useState(false);

  async function change(e: React.FormEvent) {
    e.preventDefault();
    if (next.length < 8) return void toast.error("Passwords need at least 8 characters.");
    setBusy(true);
    const { error } = await authClient.changePassword({ currentPassword: current, newPassword: next, revokeOtherSessions: others });
    setBusy(false);
    if (error) return void toast.error(error.message ?? "Couldn't change your password.");
    setCurrent("");
    setNext("");
    toast.success(others ? "Password changed. Every other device was signed out." : "Password changed.");
    await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
  }

  return (
    <Section title="Password">
      <form className="flex max-w-md flex-col gap-3" onSubmit={(e) => void change(e)}>
        <div className="flex flex-col gap-2">
          <Label htmlFor="current-password">Current password</Label>
          <Input id="current-password" data-testid="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="new-password">New password</Label>
          <Input id="new-password" data-testid="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand" checked={others} onChange={(e) => setOthers(e.target.checked)} />
          Sign out of every other device
        </label>
        <div>
          <Button type="submit" variant="outline" data-testid="change-password" disabled={busy || !current || !next}>
            {busy && <Loader2Icon className="animate-spin" aria-hidden />} Change password
          </Button>
        </div>
      </form>
    </Section>
  );
}

type SessionRow = { id: string; token: string; userAgent?: string | null; ipAddress?: string | null; createdAt: Date | string; updatedAt: Date | string };

function SessionsSection() {
  const queryClient = useQueryClient();
  const { data: current } = authClient.useSession();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: async () => {
      const { data, error } = await authClient.listSessions();
      if (error) throw new Error(error.message ?? "Couldn't list your sessions.");
      return (data as SessionRow[]).toSorted((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime());
    },
  });
  const [busy, setBusy] = useState<string | null>(null);
  const mine = current?.session.token;

  async function revoke(token: string) {
    setBusy(token);
    const { error } = await authClient.revokeSession({ token });
    setBusy(null);
    if (error) return void toast.error(error.message ?? "Couldn't sign that device out.");
    if (token === mine) return toSignIn();
    toast.success("Signed out of that device.");
    await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
  }

  async function everywhere() {
    setBusy("all");
    const { error } = await authClient.revokeSessions();
    setBusy(null);
    if (error) return void toast.error(error.message ?? "Couldn't sign out everywhere.");
    toSignIn();
  }

  return (
    <Section title="Sessions" description="Every browser and device signed in to your account. Signing one out takes effect at once, on every server." testId="sessions">
      {sessions.isPending ? (
        <Loader2Icon className="size-5 animate-spin text-muted-foreground" aria-label="Loading" />
      ) : sessions.error ? (
        <p role="alert" className="text-sm text-destructive">
          {sessions.error.message}
        </p>
      ) : (
        <ul className="flex flex-col divide-y rounded-xl border" data-testid="session-list">
          {sessions.data.map((s) => {
            const device = describeDevice(s.userAgent);
            const Icon = ICONS[device.kind];
            const isMine = s.token === mine;
            return (
              <li key={s.id} data-testid="session-row" data-current={isMine || undefined} className="flex flex-wrap items-center gap-3 p-3">
                <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground">
                  <Icon className="size-4" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {device.label}
                    {isMine && <span className="rounded-full bg-brand-soft px-2 py-0.5 text-xs font-medium text-brand">This device</span>}
                  </p>
                  <p className="text-xs text-muted-foreground">
                    {s.ipAddress ?? "Unknown address"} · {isMine ? "Active now" : `Active ${formatDistanceToNowStrict(new Date(s.updatedAt), { addSuffix: true })}`} · Signed in on {format(new Date(s.createdAt), "d MMM yyyy")}
                  </p>
                </div>
                <Button variant="outline" size="sm" data-testid="revoke-session" disabled={busy !== null} onClick={() => void revoke(s.token)}>
                  {busy === s.token ? <Loader2Icon className="animate-spin" aria-hidden /> : <LogOutIcon aria-hidden />}
                  {isMine ? "Sign out" : "Revoke"}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <div>
        <Button variant="destructive" data-testid="sign-out-everywhere" disabled={busy !== null} onClick={() => void everywhere()}>
          {busy === "all" && <Loader2Icon className="animate-spin" aria-hidden />} Sign out everywhere
        </Button>
      </div>
    </Section>
  );
}
