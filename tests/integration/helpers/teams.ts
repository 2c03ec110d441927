import { randomUUID } from "node:crypto";
import { getAuth } from "@/server/auth/auth";
import type { TestUser } from "./context";

/** Teams through Better Auth's organization API, as the app's own pages use it. */
const owners = new Map<string, TestUser>();

export async function createTeam(owner: TestUser, name: string): Promise<string> {
  const org = await getAuth().api.createOrganization({
    body: { name, slug: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}` },
    headers: new Headers({ cookie: owner.cookie }),
  });
  if (!org) throw new Error("no team");
  owners.set(org.id, owner);
  return org.id;
}

export async function addToTeam(teamId: string, u: TestUser, role: "member" | "admin" | "owner"): Promise<void> {
  await getAuth().api.addMember({ body: { userId: u.user.id, role, organizationId: teamId } });
}

export async function removeFromTeam(teamId: string, u: TestUser): Promise<void> {
  const owner = owners.get(teamId)!;
  await getAuth().api.removeMember({ body: { memberIdOrEmail: u.user.email, organizationId: teamId }, headers: new Headers({ cookie: owner.cookie }) });
}
