import { describe, expect, it } from "vitest";
import { accountFieldIssue } from "./account";

describe("account field limits", () => {
  it("names the first field past its limit, at the top level or in an update's data", () => {
    expect(accountFieldIssue({ name: "x".repeat(200_000), email: "a@b.co", password: "correct horse" })).toEqual({ field: "name", message: "name is at most 80 characters." });
    expect(accountFieldIssue({ organizationId: "t", data: { slug: "s".repeat(61) } })?.field).toBe("slug");
    expect(accountFieldIssue({ name: "Team", slug: "team", metadata: { blob: "x".repeat(3000) } })?.field).toBe("metadata");
    expect(accountFieldIssue({ name: "Team", slug: "team", logo: `https://example.com/${"x".repeat(2000)}` })?.field).toBe("logo");
  });

  it("refuses a name that is not text, or empty (update-user with name null answered 500)", () => {
    expect(accountFieldIssue({ name: null })).toEqual({ field: "name", message: "name must be text." });
    expect(accountFieldIssue({ name: 42 })?.field).toBe("name");
    expect(accountFieldIssue({ name: "   " })?.message).toBe("name can't be empty.");
  });

  it("takes images and logos as https URLs only, and null to clear one", () => {
    expect(accountFieldIssue({ image: "javascript:alert(1)" })?.message).toBe("image must be an https URL.");
    expect(accountFieldIssue({ image: "http://example.com/a.png" })?.field).toBe("image");
    expect(accountFieldIssue({ image: "https://example.com/a.png" })).toBeNull();
    expect(accountFieldIssue({ image: null })).toBeNull();
  });

  it("passes what is within every limit, and bodies it does not know", () => {
    expect(accountFieldIssue({ name: "Ada Lovelace", email: "ada@example.com", password: "x" })).toBeNull();
    expect(accountFieldIssue({ name: "Team", slug: "team-1", metadata: { color: "teal" } })).toBeNull();
    expect(accountFieldIssue(null)).toBeNull();
    expect(accountFieldIssue([1, 2])).toBeNull();
  });
});
