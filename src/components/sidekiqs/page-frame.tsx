/** A full-width page inside the app shell: a title row and a scrolling body. */
export function PageFrame({ title, description, action, children }: { title: React.ReactNode; description?: React.ReactNode; action?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 pt-14 pb-16 md:px-8 md:pt-10">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
            {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
          </div>
          {action}
        </div>
        {children}
      </div>
    </div>
  );
}
