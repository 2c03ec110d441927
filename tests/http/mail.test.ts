// Invitations by email, against the built server and a real SMTP server on loopback (smtp-server,
// nodemailer's own): with SMTP_URL set, inviting a teammate mails them the link, and that link is
// the one they accept with.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useApp } from "./helpers/app";

type Mail = { from: string; to: string[]; raw: string };
const inbox: Mail[] = [];
const env: Record<string, string> = {};
let smtp: SMTPServer;

// Registered before useApp's own hook, so the app starts with SMTP_URL pointing here.
beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  env.SMTP_FROM = "Sidekiq <team@sidekiq.test>";
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const t = useApp({ env });

/** A quoted-printable body, decoded enough to read a link out of it. */
const decode = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe("invitation email (SMTP configured)", () => {
  it("mails the invited address a link to /invite/{id}, which only that address, once verified, accepts", async () => {
    const ada = await t.client.signUp("Ada");
    const bo = await t.client.signUp("Bo");
    expect((await t.client.query<{ mailConfigured: boolean }>(ada, "teams.list", {})).data?.mailConfigured).toBe(true);
    // Each sign-up mailed its address a verification link.
    await expect.poll(() => inbox.filter((m) => m.to.includes(bo.email)).length).toBe(1);
    const verification = decode(inbox.find((m) => m.to.includes(bo.email))!.raw);
    expect(verification).toMatch(/^Subject: Confirm your email for Sidekiq/m);
    const verifyUrl = verification.match(/https?:\/\/\S+\/api\/auth\/verify-email\?\S+/)?.[0];
    expect(verifyUrl).toBeDefined();
    inbox.length = 0;

    const team = await t.client.auth<{ id: string }>(ada, "organization/create", { name: "Mailroom", slug: `mailroom-${Date.now()}` });
    expect(team.status).toBe(200);
    const invited = await t.client.auth<{ id: string }>(ada, "organization/invite-member", { email: bo.email, role: "member", organizationId: team.data.id });
    expect(invited.status).toBe(200);

    await expect.poll(() => inbox.length).toBe(1);
    const [mail] = inbox;
    expect(mail!.to).toEqual([bo.email]);
    expect(mail!.from).toBe("team@sidekiq.test");
    const body = decode(mail!.raw);
    expect(body).toMatch(/^Subject: Ada invited you to Mailroom on Sidekiq/m);
    const link = body.match(/https?:\/\/\S+\/invite\/(\S+)/);
    expect(link?.[1]).toBe(invited.data.id);

    // Signed up with the invited address, but not shown to own it: refused, and nothing joined.
    const early = await t.client.auth<{ code?: string }>(bo, "organization/accept-invitation", { invitationId: link![1] });
    expect(early.status).toBe(403);
    expect(early.data.code).toMatch(/EMAIL_VERIFICATION_REQUIRED/);
    expect((await t.client.query<{ teams: unknown[] }>(bo, "teams.list", {})).data?.teams).toEqual([]);

    // The mailbox's link verifies the address; then the invitation is accepted.
    const verified = await fetch(verifyUrl!, { redirect: "manual", headers: { cookie: bo.cookie } });
    expect(verified.status).toBeLessThan(400);
    const accepted = await t.client.auth(bo, "organization/accept-invitation", { invitationId: link![1] });
    expect(accepted.status).toBe(200);
    const teams = await t.client.query<{ teams: { id: string }[] }>(bo, "teams.list", {});
    expect(teams.data?.teams.map((x) => x.id)).toEqual([team.data.id]);
  });
});
