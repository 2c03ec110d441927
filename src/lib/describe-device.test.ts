import { describe, expect, it } from "vitest";
import { describeDevice } from "./describe-device";

describe("describeDevice", () => {
  it("names the browser, its major version and the system", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.114 Safari/537.36")).toEqual({ label: "Chrome 156 on Linux", kind: "desktop" });
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").kind).toBe("mobile");
  });

  it("says so when there is nothing to go on", () => {
    expect(describeDevice(null)).toEqual({ label: "Unknown device", kind: "unknown" });
    expect(describeDevice("curl/8.5.0").label).toMatch(/curl|A browser/);
  });
});
