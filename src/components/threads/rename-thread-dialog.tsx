"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { THREAD_TITLE_MAX, threadTitleSchema } from "@/lib/schemas/thread";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  currentTitle: string;
  onSave: (title: string) => void;
};

export function RenameThreadDialog({ open, onOpenChange, currentTitle, onSave }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename chat</DialogTitle>
          <DialogDescription>Give this chat a name you&apos;ll recognise later.</DialogDescription>
        </DialogHeader>
        {/* Remounted on every open so it starts from the current title. */}
        {open && <RenameForm currentTitle={currentTitle} onSave={onSave} onCancel={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function RenameForm({ currentTitle, onSave, onCancel }: Omit<Props, "open" | "onOpenChange"> & { onCancel: () => void }) {
  const [value, setValue] = useState(currentTitle);
  const [error, setError] = useState<string | null>(null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = threadTitleSchema.safeParse(value);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "That title doesn't work.");
      return;
    }
    onSave(parsed.data);
  }

  return (
    <form onSubmit={submit} className="grid gap-4">
      <div className="grid gap-2">
        <label htmlFor="rename-input" className="sr-only">
          Chat title
        </label>
        <Input
          id="rename-input"
          data-testid="rename-input"
          value={value}
          maxLength={THREAD_TITLE_MAX}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onFocus={(e) => e.currentTarget.select()}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "rename-error" : undefined}
          autoFocus
        />
        {error && (
          <p id="rename-error" role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
      </div>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" data-testid="rename-save">
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
