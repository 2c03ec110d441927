import { AlertTriangleIcon, RotateCcwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

type Props = { message: string; onRetry?: () => void; action?: { label: string; onClick: () => void } };

/** An inline error under a reply (or under the last message when no reply started), with Retry. */
export function MessageError({ message, onRetry, action }: Props) {
  return (
    <div
      role="alert"
      data-testid="message-error"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-destructive/25 bg-destructive/[0.06] px-3.5 py-2.5 text-sm text-destructive dark:bg-destructive/10"
    >
      <AlertTriangleIcon className="size-4 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1">{message}</span>
      {action && (
        <Button
          size="sm"
          variant="outline"
          data-testid="error-action"
          className="h-7 border-destructive/30 bg-transparent text-foreground hover:bg-destructive/10 dark:bg-transparent"
          onClick={action.onClick}
        >
          {action.label}
        </Button>
      )}
      {onRetry && !action && (
        <Button
          size="sm"
          variant="outline"
          data-testid="retry-button"
          className="h-7 border-destructive/30 bg-transparent text-foreground hover:bg-destructive/10 dark:bg-transparent"
          onClick={onRetry}
        >
          <RotateCcwIcon className="size-3.5" aria-hidden />
          Retry
        </Button>
      )}
    </div>
  );
}
