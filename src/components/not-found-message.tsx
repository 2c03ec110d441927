import { MessageSquareDashedIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

/** The friendly 404: a chat that doesn't exist (or isn't yours) and any unknown page. */
export function NotFoundMessage({ title = "This chat doesn't exist" }: { title?: string }) {
  return (
    <div data-testid="not-found" className="flex flex-1 flex-col items-center justify-center px-6 py-16 text-center">
      <span className="flex size-12 items-center justify-center rounded-2xl bg-muted text-muted-foreground">
        <MessageSquareDashedIcon className="size-5" aria-hidden />
      </span>
      <h1 className="mt-5 text-xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-2 max-w-sm text-sm text-muted-foreground">
        It may have been deleted, or the link is wrong. Your other chats are still there.
      </p>
      <Button asChild className="mt-6">
        <Link href="/">Start a new chat</Link>
      </Button>
    </div>
  );
}
