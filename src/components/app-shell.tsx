"use client";

import { MenuIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { ThreadSkeleton } from "@/components/chat/thread-skeleton";
import { CommandPalette } from "@/components/search/command-palette";
import { ShortcutsDialog } from "@/components/shortcuts/shortcuts-dialog";
import { ThreadSidebar } from "@/components/threads/thread-sidebar";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { TooltipProvider } from "@/components/ui/tooltip";
import type { SessionUserInfo } from "@/components/user-menu";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { PHONE_QUERY, useMediaQuery } from "@/hooks/use-media-query";
import { useNewChat } from "@/hooks/use-new-chat";
import { useShortcut } from "@/hooks/use-shortcut";
import { ThreadNavigationProvider, useThreadNavigation } from "@/hooks/use-thread-navigation";

/** Sidebar + main column. On phones the sidebar becomes a drawer behind a hamburger button. */
export function AppShell({ user, children }: { user: SessionUserInfo; children: React.ReactNode }) {
  const isPhone = useMediaQuery(PHONE_QUERY);
  const pathname = usePathname();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Ctrl/Cmd+B: the desktop sidebar is hidden or shown (remembered); on a phone, the drawer.
  const [sidebar, setSidebar] = useLocalStorage("sidekiq:sidebar");
  const sidebarHidden = sidebar === "hidden";
  useShortcut("toggle-sidebar", () => (isPhone ? setDrawerOpen((o) => !o) : setSidebar(sidebarHidden ? null : "hidden")));
  const newChat = useNewChat();
  useShortcut("new-chat", newChat);

  // Following a link in the drawer closes it.
  useEffect(() => setDrawerOpen(false), [pathname]);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);

  return (
    <ThreadNavigationProvider onNavigate={closeDrawer}>
      <TooltipProvider delayDuration={400}>
        <div className="flex h-dvh overflow-hidden">
          {/* One sidebar in the DOM at a time, so test ids and focus order never see a hidden twin. */}
          {!isPhone && !sidebarHidden && (
            <aside className="hidden w-[272px] shrink-0 border-r border-sidebar-border md:flex">
              <ThreadSidebar user={user} />
            </aside>
          )}
          {isPhone && (
            <Sheet open={drawerOpen} onOpenChange={setDrawerOpen}>
              <SheetContent>
                <SheetTitle className="sr-only">Chats</SheetTitle>
                <SheetDescription className="sr-only">Your chats and account</SheetDescription>
                <ThreadSidebar user={user} />
              </SheetContent>
            </Sheet>
          )}
          <main className="relative flex min-w-0 flex-1 flex-col">
            <Button
              variant="ghost"
              size="icon"
              data-testid="sidebar-toggle"
              aria-label="Open sidebar"
              aria-expanded={isPhone ? drawerOpen : !sidebarHidden}
              className={sidebarHidden && !isPhone ? "absolute top-2.5 left-2.5 z-30" : "absolute top-2.5 left-2.5 z-30 md:hidden"}
              onClick={() => (isPhone ? setDrawerOpen(true) : setSidebar(null))}
            >
              <MenuIcon className="size-5" />
            </Button>
            {children}
            <PendingThread />
            <CommandPalette />
            <ShortcutsDialog />
          </main>
        </div>
      </TooltipProvider>
    </ThreadNavigationProvider>
  );
}

/** Covers the current page with the next thread's skeleton while that thread's page loads. */
function PendingThread() {
  const { pendingThreadId } = useThreadNavigation();
  if (!pendingThreadId) return null;
  return (
    <div className="absolute inset-0 z-20 flex flex-col">
      <ThreadSkeleton />
    </div>
  );
}
