import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

/** First letter of a name or email, for avatars. */
export function initialOf(nameOrEmail: string | null | undefined): string {
  const ch = nameOrEmail?.trim().charAt(0);
  return ch ? ch.toUpperCase() : "?";
}
