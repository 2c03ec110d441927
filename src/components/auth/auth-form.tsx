"use client";

import { AlertCircleIcon, Loader2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { BrandMark } from "@/components/brand-mark";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { authClient } from "@/lib/auth-client";
import { ACCOUNT_LIMITS } from "@/lib/schemas/account";

type Mode = "sign-in" | "sign-up";

const COPY = {
  "sign-in": {
    title: "Welcome back",
    subtitle: "Sign in to pick up where you left off.",
    submit: "Sign in",
    alt: "New to Sidekiq?",
    altLink: "Create an account",
    altHref: "/sign-up",
  },
  "sign-up": {
    title: "Create your account",
    subtitle: "One account, every model you configure.",
    submit: "Create account",
    alt: "Already have an account?",
    altLink: "Sign in",
    altHref: "/sign-in",
  },
} as const;

const MIN_PASSWORD = 8;

function validate(mode: Mode, v: { name: string; email: string; password: string }): string | null {
  if (mode === "sign-up" && !v.name.trim()) return "Please enter your name.";
  if (!/^\S+@\S+\.\S+$/.test(v.email.trim())) return "Please enter a valid email address.";
  if (mode === "sign-up" && v.password.length < MIN_PASSWORD) return `Passwords need at least ${MIN_PASSWORD} characters.`;
  if (!v.password) return "Please enter your password.";
  return null;
}

export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const copy = COPY[mode];
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const invalid = validate(mode, values);
    setError(invalid);
    if (invalid) return;
    setPending(true);
    const email = values.email.trim();
    const { error: authError } =
      mode === "sign-up"
        ? await authClient.signUp.email({ name: values.name.trim(), email, password: values.password })
        : await authClient.signIn.email({ email, password: values.password });
    if (authError) {
      setPending(false);
      setError(authError.message || "Something went wrong. Please try again.");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <div className="w-full max-w-sm">
      <div className="mb-8 flex flex-col items-center gap-4 text-center">
        <BrandMark className="size-10 rounded-xl" />
        <div className="space-y-1.5">
          <h1 className="text-2xl font-semibold tracking-tight">{copy.title}</h1>
          <p className="text-sm text-muted-foreground">{copy.subtitle}</p>
        </div>
      </div>
      <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-2xl border bg-card p-6 shadow-sm">
        {mode === "sign-up" && (
          <div className="space-y-2">
            <Label htmlFor="name">Name</Label>
            <Input id="name" data-testid="name-input" autoComplete="name" maxLength={ACCOUNT_LIMITS.name} value={values.name} onChange={set("name")} autoFocus />
          </div>
        )}
        <div className="space-y-2">
          <Label htmlFor="email">Email</Label>
          <Input
            id="email"
            data-testid="email-input"
            type="email"
            autoComplete="email"
            inputMode="email"
            maxLength={ACCOUNT_LIMITS.email}
            value={values.email}
            onChange={set("email")}
            autoFocus={mode === "sign-in"}
          />
        </div>
        <div className="space-y-2">
          <Label htmlFor="password">Password</Label>
          <Input
            id="password"
            data-testid="password-input"
            type="password"
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
            value={values.password}
            onChange={set("password")}
            aria-describedby={mode === "sign-up" ? "password-hint" : undefined}
          />
          {mode === "sign-up" && (
            <p id="password-hint" className="text-xs text-muted-foreground">
              At least {MIN_PASSWORD} characters.
            </p>
          )}
        </div>
        {error && (
          <div
            role="alert"
            data-testid="auth-error"
            className="flex items-start gap-2 rounded-lg border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive"
          >
            <AlertCircleIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{error}</span>
          </div>
        )}
        <Button type="submit" data-testid="auth-submit" className="h-10 w-full" disabled={pending}>
          {pending && <Loader2Icon className="animate-spin" aria-hidden />}
          {copy.submit}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        {copy.alt}{" "}
        <Link href={copy.altHref} className="font-medium text-foreground underline-offset-4 hover:underline">
          {copy.altLink}
        </Link>
      </p>
    </div>
  );
}
