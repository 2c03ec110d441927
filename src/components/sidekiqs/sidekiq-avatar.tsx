import { cn } from "@/lib/utils";

type Props = {
  emoji: string;
  color: string;
  /** The Sidekiq and its uploaded image's version, when it has one: the image replaces the emoji. */
  image?: { sidekiqId: string; version: number | null } | null;
  /** A local preview (an upload not yet saved). */
  previewUrl?: string | null;
  className?: string;
};

export const avatarUrl = (sidekiqId: string, version: number) => `/api/sidekiqs/${sidekiqId}/avatar?v=${version}`;

/** A Sidekiq's face: its uploaded image, or its emoji on its colour. */
export function SidekiqAvatar({ emoji, color, image, previewUrl, className }: Props) {
  const src = previewUrl ?? (image?.version ? avatarUrl(image.sidekiqId, image.version) : null);
  return (
    <span
      aria-hidden
      data-testid="sidekiq-avatar"
      className={cn("inline-flex size-9 shrink-0 items-center justify-center overflow-hidden rounded-xl text-lg leading-none", className)}
      style={src ? undefined : { backgroundColor: `${color}26`, boxShadow: `inset 0 0 0 1px ${color}40` }}
    >
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own route, already 256 px WebP
        <img src={src} alt="" className="size-full object-cover" />
      ) : (
        emoji
      )}
    </span>
  );
}
