import { NotFoundMessage } from "@/components/not-found-message";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col">
      <NotFoundMessage title="This page doesn't exist" />
    </main>
  );
}
