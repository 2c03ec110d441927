import "server-only";
import { mailConfigured } from "@/server/mail";
import { listTeams, teamPage } from "@/server/db/queries/teams";
import { createTRPCRouter, protectedProcedure, teamProcedure } from "../init";

/**
 * What the team pages need beyond Better Auth's organization API (which creates teams, invites,
 * accepts, removes and changes roles, each with its own checks): one read for a team's page.
 */
export const teamsRouter = createTRPCRouter({
  list: protectedProcedure.query(async ({ ctx }) => ({ teams: await listTeams(ctx.db, ctx.user.id), mailConfigured: mailConfigured() })),
  get: teamProcedure.query(async ({ ctx }) => ({ team: ctx.team, ...(await teamPage(ctx.db, ctx.team)) })),
});
