import { describe, expect, it } from "vitest";
import type { MessageStatus } from "@/lib/chat/message";
import { toModelMessages } from "./to-model-messages";

const row = (role: "user" | "assistant" | "system", text: string, status: MessageStatus = "complete") => ({
  id: `${role}-${text}`,
  role,
  text,
  status,
});

describe("toModelMessages", () => {
  it("keeps user and assistant turns in order", () => {
    const out = toModelMessages([row("user", "hi"), row("assistant", "hello"), row("user", "more")]);
    expect(out.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(out[1]).toEqual({ role: "assistant", content: "hello" });
  });

  it("drops system rows and empty failed replies but keeps a partial reply's text", () => {
    const out = toModelMessages([
      row("system", "never stored, never sent"),
      row("user", "q1"),
      row("assistant", "", "error"),
      row("user", "q2"),
      row("assistant", "partial answ", "stopped"),
    ]);
    expect(out.map((m) => m.role)).toEqual(["user", "user", "assistant"]);
    expect(JSON.stringify(out)).not.toContain("never stored");
    expect(JSON.stringify(out[2])).toContain("partial answ");
  });
});
