import { randomUUID } from "node:crypto";
import { ChatView } from "@/components/chat/chat-view";

export default function NewChatPage() {
  // A fresh id per render; the key remounts the chat when "New chat" is clicked again.
  const threadId = randomUUID();
  return <ChatView key={threadId} threadId={threadId} isNew />;
}
