/** The calm, centred frame around the sign-in and sign-up forms. */
export function AuthPageFrame({ children }: { children: React.ReactNode }) {
  return (
    <main className="relative flex min-h-dvh items-center justify-center overflow-hidden px-4 py-12">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-[420px] bg-[radial-gradient(ellipse_at_top,var(--brand-soft),transparent_70%)] opacity-70"
      />
      {children}
    </main>
  );
}
