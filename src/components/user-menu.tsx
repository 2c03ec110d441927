"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDownUpIcon, ChevronsUpDownIcon, LogOutIcon, MonitorIcon, MoonIcon, SettingsIcon, SunIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useTheme } from "next-themes";
import { toast } from "sonner";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { authClient } from "@/lib/auth-client";
import { initialOf } from "@/lib/utils";
import { useTRPC } from "@/trpc/client";

export type SessionUserInfo = { name: string; email: string; image?: string | null };

const THEMES = [
  { value: "light", label: "Light", icon: SunIcon },
  { value: "dark", label: "Dark", icon: MoonIcon },
  { value: "system", label: "System", icon: MonitorIcon },
] as const;

export function UserMenu({ user }: { user: SessionUserInfo }) {
  const { theme, setTheme } = useTheme();
  const displayName = user.name || user.email;
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const activeTeam = authClient.useActiveOrganization();

  async function signOut() {
    const { error } = await authClient.signOut();
    if (error) {
      toast.error("Couldn't sign out. Please try again.");
      return;
    }
    // A full page load, so nothing of this account (query cache, open chats) stays in memory.
    window.location.assign("/sign-in");
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu-button"
        aria-label="Account menu"
        className="flex w-full items-center gap-3 rounded-lg p-2 text-left outline-none transition-colors hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-ring/50 data-[state=open]:bg-sidebar-accent"
      >
        <span
          aria-hidden
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-soft text-sm font-semibold text-brand"
        >
          {initialOf(displayName)}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{displayName}</span>
          <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
        </span>
        <ChevronsUpDownIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="truncate font-normal">{user.email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme} onValueChange={setTheme}>
          {THEMES.map(({ value, label, icon: Icon }) => (
            <DropdownMenuRadioItem key={value} value={value} data-testid={`theme-${value}`} onSelect={(e) => e.preventDefault()}>
              <Icon /> {label}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        {!!teams.data?.teams.length && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Active team</DropdownMenuLabel>
            <DropdownMenuRadioGroup
              value={activeTeam.data?.id ?? ""}
              onValueChange={(id) => void authClient.organization.setActive({ organizationId: id || null })}
            >
              <DropdownMenuRadioItem value="" onSelect={(e) => e.preventDefault()}>
                Just me
              </DropdownMenuRadioItem>
              {teams.data.teams.map((t) => (
                <DropdownMenuRadioItem key={t.id} value={t.id} data-testid="team-switch" onSelect={(e) => e.preventDefault()}>
                  <UsersIcon /> <span className="truncate">{t.name}</span>
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </>
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild data-testid="nav-settings">
          <Link href="/settings">
            <SettingsIcon /> Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild data-testid="nav-library">
          <Link href="/library">
            <ArrowDownUpIcon /> Import &amp; export
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem data-testid="sign-out" onSelect={() => void signOut()}>
          <LogOutIcon /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
