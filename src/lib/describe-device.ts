import Bowser from "bowser";

export type Device = { label: string; kind: "desktop" | "mobile" | "tablet" | "unknown" };

/** "Chrome 156 on Linux": what a session's user agent was, for the sessions list. */
export function describeDevice(userAgent: string | null | undefined): Device {
  if (!userAgent) return { label: "Unknown device", kind: "unknown" };
  const { browser, os, platform } = Bowser.parse(userAgent);
  const name = browser.name ? `${browser.name}${browser.version ? ` ${browser.version.split(".")[0]}` : ""}` : "A browser";
  const system = os.name ? ` on ${os.name}${os.versionName ? ` ${os.versionName}` : ""}` : "";
  const kind = platform.type === "mobile" || platform.type === "tablet" || platform.type === "desktop" ? platform.type : "unknown";
  return { label: `${name}${system}`, kind };
}
