import "server-only";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { invitation, member, organization, sidekiqs, user } from "../schema";

/** The caller's teams, with their role and head count, for the switcher and the gallery's tab. */
export async function listTeams(db: Db, userId: string) {
  return db
    .select({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      role: member.role,
      memberCount: sql<number>`(select count(*)::int from member m2 where m2.organization_id = ${organization.id})`,
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(organization.name));
}

/** A team's page: its members, its pending invitations (for its owners and admins), and its Sidekiqs. */
export async function teamPage(db: Db, team: { id: string; role: string }) {
  const manages = team.role === "owner" || team.role === "admin";
  const [members, invitations, teamSidekiqs] = await Promise.all([
    db
      .select({ memberId: member.id, userId: user.id, name: user.name, email: user.email, role: member.role, joinedAt: member.createdAt })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(eq(member.organizationId, team.id))
      .orderBy(asc(member.createdAt)),
    manages
      ? db
          .select({ id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt })
          .from(invitation)
          .where(and(eq(invitation.organizationId, team.id), eq(invitation.status, "pending"), gt(invitation.expiresAt, new Date())))
          .orderBy(desc(invitation.createdAt))
      : Promise.resolve([]),
    db
      .select({ id: sidekiqs.id, name: sidekiqs.name, description: sidekiqs.description, avatarEmoji: sidekiqs.avatarEmoji, avatarColor: sidekiqs.avatarColor, avatarImageVersion: sidekiqs.avatarImageVersion, authorName: user.name })
      .from(sidekiqs)
      .innerJoin(user, eq(user.id, sidekiqs.ownerId))
      .where(and(eq(sidekiqs.teamId, team.id), eq(sidekiqs.visibility, "team"), isNull(sidekiqs.deletedAt)))
      .orderBy(desc(sidekiqs.updatedAt)),
  ]);
  return { members, invitations, sidekiqs: teamSidekiqs, canManage: manages };
}
