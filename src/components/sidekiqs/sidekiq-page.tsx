"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyPlusIcon, MessageSquarePlusIcon, PencilIcon, Trash2Icon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { describeModel } from "@/lib/models";
import { useTRPC } from "@/trpc/client";
import { PageFrame } from "./page-frame";
import { SidekiqAvatar } from "./sidekiq-avatar";
import { SidekiqUsage } from "./sidekiq-usage";
import { SidekiqVersions } from "./sidekiq-versions";

const VISIBILITY_LABEL = { private: "Private", team: "Team", public: "Public" } as const;

/** A Sidekiq's page: start a chat, its starters and instructions, its versions and its usage. */
export function SidekiqPage({ sidekiqId }: { sidekiqId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: s } = useQuery(trpc.sidekiqs.get.queryOptions({ sidekiqId }));
  const remix = useMutation(trpc.sidekiqs.duplicate.mutationOptions());
  const remove = useMutation(trpc.sidekiqs.delete.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  if (!s) return null;
  const canSeeVersions = s.canEdit || s.canRead;
  const chatHref = (starter?: string) => `/?sidekiq=${s.id}${starter ? `&q=${encodeURIComponent(starter)}` : ""}`;

  return (
    <PageFrame
      title={
        <span className="flex items-center gap-3">
          <SidekiqAvatar emoji={s.avatarEmoji} color={s.avatarColor} image={{ sidekiqId: s.id, version: s.avatarImageVersion }} className="size-12 rounded-2xl text-2xl" />
          <span data-testid="sidekiq-name">{s.name}</span>
        </span>
      }
      description={
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span>by {s.authorName}</span>
          <span aria-hidden>·</span>
          <span data-testid="sidekiq-visibility">{s.visibility === "team" && s.teamName ? `Team: ${s.teamName}` : VISIBILITY_LABEL[s.visibility]}</span>
          <span aria-hidden>·</span>
          <span className="inline-flex items-center gap-1">
            <UsersIcon className="size-3.5" aria-hidden /> {s.userCount === 1 ? "1 person" : `${s.userCount} people`}
          </span>
          {s.remixedFrom && (
            <>
              <span aria-hidden>·</span>
              {s.remixedFrom.id ? (
                <Link href={`/sidekiqs/${s.remixedFrom.id}`} className="underline-offset-2 hover:underline">
                  Remixed from {s.remixedFrom.name}
                </Link>
              ) : (
                <span>Remixed</span>
              )}
            </>
          )}
        </span>
      }
      action={
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="brand" data-testid="start-chat">
            <Link href={chatHref()}>
              <MessageSquarePlusIcon aria-hidden /> Start a chat
            </Link>
          </Button>
          {s.canEdit && (
            <Button asChild variant="outline" data-testid="edit-sidekiq">
              <Link href={`/sidekiqs/${s.id}/edit`}>
                <PencilIcon aria-hidden /> Edit
              </Link>
            </Button>
          )}
          <Button
            variant="outline"
            data-testid="remix-sidekiq"
            disabled={remix.isPending}
            onClick={() =>
              void remix.mutateAsync({ sidekiqId: s.id }).then((r) => {
                toast.success(r.instructionsCopied ? "Remixed into your own Sidekiq" : "Remixed. The instructions are the author's, so yours start empty.");
                void queryClient.invalidateQueries(trpc.sidekiqs.pathFilter());
                router.push(`/sidekiqs/${r.id}/edit`);
              })
            }
          >
            <CopyPlusIcon aria-hidden /> Remix
          </Button>
          {s.canEdit && (
            <Button variant="ghost" size="icon" aria-label="Delete Sidekiq" data-testid="delete-sidekiq" onClick={() => setConfirming(true)}>
              <Trash2Icon />
            </Button>
          )}
        </div>
      }
    >
      {s.description && <p className="max-w-3xl text-[15px] text-foreground/85">{s.description}</p>}
      <Tabs defaultValue="overview">
        <TabsList>
          <TabsTrigger value="overview">Overview</TabsTrigger>
          {canSeeVersions && (
            <TabsTrigger value="versions" data-testid="tab-versions">
              Versions ({s.currentVersion})
            </TabsTrigger>
          )}
          {s.canEdit && (
            <TabsTrigger value="usage" data-testid="tab-usage">
              Usage
            </TabsTrigger>
          )}
        </TabsList>
        <TabsContent value="overview" className="flex flex-col gap-6">
          {s.starters.length > 0 && (
            <section className="flex flex-col gap-2">
              <h2 className="text-sm font-medium text-muted-foreground">Conversation starters</h2>
              <div className="grid gap-2 sm:grid-cols-2">
                {s.starters.map((starter) => (
                  <Link key={starter} href={chatHref(starter)} data-testid="page-starter" className="rounded-2xl border bg-card px-4 py-3 text-sm shadow-xs hover:bg-accent/50">
                    {starter}
                  </Link>
                ))}
              </div>
            </section>
          )}
          <section className="flex flex-col gap-2">
            <h2 className="text-sm font-medium text-muted-foreground">Default model</h2>
            <p className="text-sm">{s.defaultModelId ? describeModel(s.defaultModelId).label : "The chat's own model"}</p>
          </section>
          <section className="flex flex-col gap-2">
            <h2 className="text-sm font-medium text-muted-foreground">Instructions</h2>
            {s.instructions === null ? (
              <p className="text-sm text-muted-foreground">Only the people who can edit this Sidekiq see its instructions.</p>
            ) : (
              <pre data-testid="sidekiq-instructions" className="scrollbar-thin max-h-[28rem] overflow-auto rounded-2xl border bg-muted/40 p-4 font-mono text-[13px] leading-relaxed whitespace-pre-wrap">
                {s.instructions || "No instructions yet."}
              </pre>
            )}
          </section>
        </TabsContent>
        {canSeeVersions && (
          <TabsContent value="versions">
            <SidekiqVersions sidekiqId={s.id} canEdit={s.canEdit} />
          </TabsContent>
        )}
        {s.canEdit && (
          <TabsContent value="usage">
            <SidekiqUsage sidekiqId={s.id} />
          </TabsContent>
        )}
      </Tabs>

      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {s.name}?</AlertDialogTitle>
            <AlertDialogDescription>Nobody will be able to chat with it any more. Chats that used it stay readable.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              data-testid="confirm-delete-sidekiq"
              onClick={() =>
                void remove.mutateAsync({ sidekiqId: s.id }).then(() => {
                  void queryClient.invalidateQueries(trpc.sidekiqs.pathFilter());
                  router.push("/sidekiqs");
                })
              }
            >
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </PageFrame>
  );
}
