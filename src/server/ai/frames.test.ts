import { describe, expect, it } from "vitest";
import { BASE_FRAME_MS, frameMs, frameMsFor, MAX_FRAME_MS, measureLoadWith } from "./frames";

describe("frameMsFor", () => {
  it("keeps 50 ms frames up to 50 replies at once, then grows them to at most 100 ms", () => {
    expect([0, 1, 50].map(frameMsFor)).toEqual([BASE_FRAME_MS, BASE_FRAME_MS, BASE_FRAME_MS]);
    expect(frameMsFor(75)).toBe(75);
    expect([100, 5_000].map(frameMsFor)).toEqual([MAX_FRAME_MS, MAX_FRAME_MS]);
  });

  it("reads the load from the gauge it is given", () => {
    let n = 0;
    measureLoadWith(() => n);
    expect(frameMs()).toBe(BASE_FRAME_MS);
    n = 90;
    expect(frameMs()).toBe(90);
    measureLoadWith(() => 0);
  });
});
