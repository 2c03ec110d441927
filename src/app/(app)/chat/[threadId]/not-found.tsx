import { NotFoundMessage } from "@/components/not-found-message";

export default function ThreadNotFound() {
  return <NotFoundMessage />;
}
