import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/env";
import { logger } from "@/server/logger";

const g = globalThis as typeof globalThis & { __sidekiqMail?: Transporter | null };

/** The SMTP transport (`SMTP_URL`), or null when mail is not configured: the UI then says to copy links. */
function transport(): Transporter | null {
  if (g.__sidekiqMail === undefined) g.__sidekiqMail = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return g.__sidekiqMail;
}

export const mailConfigured = () => Boolean(env.SMTP_URL);

/** Sends a message when SMTP is configured; says whether it went. Never throws: a link can always be copied. */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  const t = transport();
  if (!t) return false;
  try {
    await t.sendMail({ from: env.SMTP_FROM ?? "Sidekiq <no-reply@localhost>", ...message });
    return true;
  } catch (error) {
    logger.error({ err: (error as Error).message }, "could not send mail");
    return false;
  }
}
