import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BrandMark } from "@/components/brand-mark";
import { Markdown } from "@/components/chat/markdown";
import { ContinueSharedButton } from "@/components/share/continue-shared-button";
import { getCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { readShare } from "@/server/db/queries/shares";

type Props = { params: Promise<{ token: string }> };

const load = async (token: string) => (token.length >= 20 && token.length <= 100 ? readShare(getDb(), token) : undefined);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const share = await load((await params).token);
  return { title: share?.title ? `${share.title} · Shared on Sidekiq` : "Shared on Sidekiq", robots: { index: false, follow: false } };
}

/** /share/{token}: a read-only snapshot of a conversation, rendered on the server, for anyone with the link. */
export default async function SharedConversation({ params }: Props) {
  const { token } = await params;
  const share = await load(token);
  if (!share) notFound();
  const user = await getCurrentUser();
  const shared = new Date(share.createdAt).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-3xl flex-col px-4 py-6 md:px-6" data-testid="shared-page">
      <header className="flex items-center justify-between gap-3 border-b pb-4">
        <Link href="/" className="flex items-center gap-2">
          <BrandMark className="size-7" />
          <span className="font-semibold tracking-tight">Sidekiq</span>
        </Link>
        <span className="text-xs text-muted-foreground">Shared conversation · read only</span>
      </header>
      <h1 data-testid="shared-title" className="mt-6 text-2xl font-semibold tracking-tight">
        {share.title || "A conversation"}
      </h1>
      <p className="mt-1 text-sm text-muted-foreground">
        Shared {shared} · {share.messages.length} {share.messages.length === 1 ? "message" : "messages"}
      </p>
      <div className="mt-8 flex flex-col gap-6">
        {share.messages.map((m, i) =>
          m.role === "user" ? (
            <div key={i} className="flex justify-end" data-testid="shared-message" data-role="user">
              <div className="max-w-[85%] rounded-2xl rounded-br-md bg-secondary px-4 py-2.5 text-[15px] leading-relaxed break-words whitespace-pre-wrap text-secondary-foreground sm:max-w-[75%]">
                {m.text}
              </div>
            </div>
          ) : (
            <div key={i} className="min-w-0 text-base leading-7" data-testid="shared-message" data-role="assistant">
              <Markdown>{m.text}</Markdown>
              {m.modelId && <p className="mt-1 text-xs text-muted-foreground">{m.modelId.slice(m.modelId.indexOf(":") + 1)}</p>}
            </div>
          ),
        )}
      </div>
      <footer className="mt-12 flex flex-col items-center gap-3 border-t pt-6 text-center">
        {user ? (
          <ContinueSharedButton token={share.token} />
        ) : (
          <>
            <p className="text-sm text-muted-foreground">Sign in to continue this conversation in your own Sidekiq.</p>
            <Link href="/sign-in" data-testid="shared-sign-in" className="text-sm font-medium text-brand hover:underline">
              Sign in or create an account
            </Link>
          </>
        )}
      </footer>
    </main>
  );
}
