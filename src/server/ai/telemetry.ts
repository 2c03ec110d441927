/**
 * The AI SDK's telemetry setting for every model call. Sidekiq registers no telemetry integration,
 * but unless telemetry is off the SDK still builds a telemetry event for each call and step (a
 * copy of the call's settings and prompt, walked to redact credentials) before it finds that
 * nothing listens: work on the path to the first token that grows with the conversation.
 */
export const AI_TELEMETRY = { isEnabled: false } as const;
