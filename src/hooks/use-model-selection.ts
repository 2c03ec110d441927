"use client";

import { useState } from "react";
import type { ModelInfo } from "@/lib/models";
import { useLocalStorage } from "./use-local-storage";

const STORAGE_KEY = "sidekiq:model";

/**
 * The model to use: an explicit pick in this view, else the thread's own model, else the last
 * pick remembered in this browser, else the server's default. Ids no longer offered are skipped.
 */
export function useModelSelection(models: ModelInfo[] | undefined, threadModelId?: string | null) {
  const [picked, setPicked] = useState<string | null>(null);
  const [stored, setStored] = useLocalStorage(STORAGE_KEY);
  const available = (id: string | null | undefined): id is string => !!id && !!models?.some((m) => m.id === id);

  const candidates = [picked, threadModelId, stored, models?.find((m) => m.isDefault)?.id, models?.[0]?.id];
  const modelId = candidates.find(available) ?? null;

  function select(id: string) {
    setPicked(id);
    setStored(id);
  }

  return { modelId, model: models?.find((m) => m.id === modelId), select };
}
