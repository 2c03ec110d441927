import type { ReasoningUIPart, TextUIPart, UIMessage, UIMessageChunk } from "ai";

type Parts = UIMessage["parts"];
type Streamed = TextUIPart | ReasoningUIPart;

/**
 * The parts of a reply so far, built from its UI message chunks, for its checkpoints. It follows
 * the text and reasoning deltas, which are what streams for long; the finished reply is saved
 * from the AI SDK's own response message, which has every kind of part (tools, files, sources).
 */
export class ReplyDraft {
  readonly parts: Parts = [];
  /** Bumped on every change, so a checkpoint can skip a reply that has not moved. */
  version = 0;
  private readonly open = new Map<string, Streamed>();
  /** The chunk id each streamed part was sent under, by part index. */
  private readonly ids: (string | undefined)[] = [];

  apply(chunk: UIMessageChunk): void {
    switch (chunk.type) {
      case "start-step":
        this.parts.push({ type: "step-start" });
        this.ids.push(undefined);
        break;
      case "text-start":
      case "reasoning-start": {
        const part: Streamed = chunk.type === "text-start" ? { type: "text", text: "", state: "streaming" } : { type: "reasoning", text: "", state: "streaming" };
        this.parts.push(part);
        this.ids.push(chunk.id);
        this.open.set(`${part.type}:${chunk.id}`, part);
        break;
      }
      case "text-delta":
      case "reasoning-delta": {
        const part = this.open.get(`${chunk.type === "text-delta" ? "text" : "reasoning"}:${chunk.id}`);
        if (!part) return;
        part.text += chunk.delta;
        break;
      }
      case "text-end":
      case "reasoning-end": {
        const key = `${chunk.type === "text-end" ? "text" : "reasoning"}:${chunk.id}`;
        const part = this.open.get(key);
        if (!part) return;
        part.state = "done";
        this.open.delete(key);
        break;
      }
      default:
        return;
    }
    this.version++;
  }

  /**
   * The chunks that take a reader who has had this draft to `parts` (the reply as finally saved):
   * the rest of each part's text under its own id, the parts not seen yet, and the ends.
   */
  chunksTo(parts: Parts): UIMessageChunk[] {
    const out: UIMessageChunk[] = [];
    parts.forEach((part, i) => {
      if (part.type !== "text" && part.type !== "reasoning") return;
      const kind = part.type;
      const had = this.parts[i];
      const id = (had?.type === kind && this.ids[i]) || `catch-up-${i}`;
      const sent = had?.type === kind ? (had as Streamed) : undefined;
      if (!sent) out.push({ type: kind === "text" ? "text-start" : "reasoning-start", id });
      const already = sent && part.text.startsWith(sent.text) ? sent.text.length : sent ? part.text.length : 0;
      if (part.text.length > already) out.push({ type: kind === "text" ? "text-delta" : "reasoning-delta", id, delta: part.text.slice(already) });
      if (!sent || sent.state !== "done") out.push({ type: kind === "text" ? "text-end" : "reasoning-end", id });
    });
    return out;
  }
}

/**
 * Follows a reply through successive snapshots of its stored parts (checkpoints) and turns them
 * into the UI message chunks a resumer needs: first everything so far, then only what is new.
 * Used when the process writing the reply is not this one and no Redis carries its live frames.
 */
export class PartsFollower {
  private readonly sent: { type: string; length: number; ended: boolean }[] = [];

  /** The chunks that take a client from what it was sent before to `parts`. */
  next(parts: Parts): UIMessageChunk[] {
    const out: UIMessageChunk[] = [];
    parts.forEach((part, i) => {
      if (part.type === "step-start") {
        if (!this.sent[i]) out.push({ type: "start-step" });
        this.sent[i] ??= { type: part.type, length: 0, ended: true };
        return;
      }
      if (part.type !== "text" && part.type !== "reasoning") return;
      const id = `p${i}`;
      let sent = this.sent[i];
      if (!sent) {
        sent = this.sent[i] = { type: part.type, length: 0, ended: false };
        out.push({ type: part.type === "text" ? "text-start" : "reasoning-start", id });
      }
      if (part.text.length > sent.length) {
        out.push({ type: part.type === "text" ? "text-delta" : "reasoning-delta", id, delta: part.text.slice(sent.length) });
        sent.length = part.text.length;
      }
      if (part.state === "done" && !sent.ended) {
        out.push({ type: part.type === "text" ? "text-end" : "reasoning-end", id });
        sent.ended = true;
      }
    });
    return out;
  }

  /** Ends every part still open (the reply is over). */
  close(): UIMessageChunk[] {
    const out: UIMessageChunk[] = [];
    this.sent.forEach((s, i) => {
      if (s.ended) return;
      out.push({ type: s.type === "text" ? "text-end" : "reasoning-end", id: `p${i}` });
      s.ended = true;
    });
    return out;
  }
}
