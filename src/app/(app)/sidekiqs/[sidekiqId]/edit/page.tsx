import { notFound } from "next/navigation";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { SidekiqEditor } from "@/components/sidekiqs/sidekiq-editor";
import { loadSidekiq } from "../load";

type Props = { params: Promise<{ sidekiqId: string }> };

export default async function EditSidekiqPage({ params }: Props) {
  const { sidekiqId } = await params;
  const sidekiq = await loadSidekiq(sidekiqId);
  if (!sidekiq) notFound();
  if (!sidekiq.canEdit) notFound();
  return (
    <PageFrame title={`Edit ${sidekiq.name}`} description={`Version ${sidekiq.currentVersion}. A change to the instructions, starters or default model makes a new version.`}>
      <SidekiqEditor
        sidekiqId={sidekiq.id}
        imageVersion={sidekiq.avatarImageVersion}
        initial={{
          name: sidekiq.name,
          description: sidekiq.description,
          avatarEmoji: sidekiq.avatarEmoji,
          avatarColor: sidekiq.avatarColor,
          instructions: sidekiq.instructions ?? "",
          starters: sidekiq.starters,
          defaultModelId: sidekiq.defaultModelId,
          visibility: sidekiq.visibility,
          teamId: sidekiq.teamId,
        }}
      />
    </PageFrame>
  );
}
