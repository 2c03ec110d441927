import { describe, expect, it } from "vitest";
import { getAuth } from "@/server/auth/auth";
import { signUp, type TestUser } from "./helpers/context";
import { createTeam } from "./helpers/teams";

const headersOf = (u: TestUser) => new Headers({ cookie: u.cookie });

async function invite(owner: TestUser, teamId: string, email: string) {
  return getAuth().api.createInvitation({ body: { email, role: "member", organizationId: teamId }, headers: headersOf(owner) });
}

describe("team invitations", () => {
  it("last 7 days and can be accepted only by the invited address, signed in", async () => {
    const ada = await signUp("Ada");
    const bo = await signUp("Bo");
    const eve = await signUp("Eve");
    const team = await createTeam(ada, "Crew");
    const before = Date.now();
    const inv = await invite(ada, team, bo.user.email);
    const days = (new Date(inv.expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);

    // Someone else, even signed in and holding the link, cannot take it.
    await expect(getAuth().api.acceptInvitation({ body: { invitationId: inv.id }, headers: headersOf(eve) })).rejects.toBeTruthy();
    expect((await eve.caller.teams.list()).teams).toEqual([]);
    await expect(eve.caller.teams.get({ teamId: team })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await getAuth().api.acceptInvitation({ body: { invitationId: inv.id }, headers: headersOf(bo) });
    expect((await bo.caller.teams.list()).teams.map((t) => [t.id, t.role])).toEqual([[team, "member"]]);
    // The owner's page lists Bo, and no pending invitation any more.
    const page = await ada.caller.teams.get({ teamId: team });
    expect(page.members.map((m) => m.email)).toContain(bo.user.email);
    expect(page.invitations).toEqual([]);
  });

  it("a revoked invitation cannot be accepted, and is no longer pending", async () => {
    const ada = await signUp("Ada");
    const bo = await signUp("Bo");
    const team = await createTeam(ada, "Crew");
    const inv = await invite(ada, team, bo.user.email);
    expect((await ada.caller.teams.get({ teamId: team })).invitations.map((i) => i.id)).toEqual([inv.id]);
    await getAuth().api.cancelInvitation({ body: { invitationId: inv.id }, headers: headersOf(ada) });
    expect((await ada.caller.teams.get({ teamId: team })).invitations).toEqual([]);
    await expect(getAuth().api.acceptInvitation({ body: { invitationId: inv.id }, headers: headersOf(bo) })).rejects.toBeTruthy();
    expect((await bo.caller.teams.list()).teams).toEqual([]);
  });

  it("a plain member cannot invite", async () => {
    const ada = await signUp("Ada");
    const bo = await signUp("Bo");
    const team = await createTeam(ada, "Crew");
    await getAuth().api.addMember({ body: { userId: bo.user.id, role: "member", organizationId: team } });
    await expect(invite(bo, team, "someone@example.com")).rejects.toBeTruthy();
  });
});
