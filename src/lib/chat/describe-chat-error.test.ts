import { describe, expect, it } from "vitest";
import { describeChatError } from "./describe-chat-error";

describe("describeChatError", () => {
  it("shows the server's user-safe message from a JSON error body", () => {
    const e = new Error(JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: "Messages are limited to 100,000 characters." } }));
    expect(describeChatError(e).message).toBe("Messages are limited to 100,000 characters.");
    expect(describeChatError(e).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("explains network failures and hides stack traces and HTML", () => {
    expect(describeChatError(new TypeError("Failed to fetch")).message).toMatch(/reach Sidekiq/);
    expect(describeChatError(new Error("<html>502</html>")).message).toBe("Something went wrong. Please try again.");
    expect(describeChatError(new Error("x".repeat(400))).message).toBe("Something went wrong. Please try again.");
  });

  it("passes a short stream error text through", () => {
    expect(describeChatError(new Error("The model provider failed. Try again.")).message).toBe("The model provider failed. Try again.");
  });
});
