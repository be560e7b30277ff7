import nodemailer from 'nodemailer';
import { MAILROOM_MAILER, MAILROOM_NOTIFICATION_HEADER } from '../crm/crm-rules';
import { systemMailConfig, type SystemMailConfig } from './system-mail-config';

export type SystemMailKind = 'invitation' | 'password-reset' | 'new-sign-in' | 'departed-owner';

export type SystemMail = {
  kind: SystemMailKind;
  to: string;
  subject: string;
  /** Plain text; paragraphs separated by blank lines. The HTML part is made from it. */
  text: string;
};

// A dead relay must not hold a request (an admin's invite) for long; a slow one still gets its chance.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Sends one of Mailroom's own mails through SYSTEM_SMTP_URL. Returns whether the relay took it; false when
 * system mail is not configured or the relay failed, which is logged (never the URL: it may hold a password)
 * and never thrown, so no page answers with a 500 because a relay is down.
 *
 * Every such mail carries X-Mailroom-Notification (CRM rules skip it, lib/crm/crm-rules.ts) and
 * Auto-Submitted, so auto-responders do not answer it.
 */
export async function sendSystemMail(
  mail: SystemMail,
  options: { config?: SystemMailConfig | null } = {},
): Promise<boolean> {
  const config = options.config === undefined ? systemMailConfig() : options.config;
  if (!config) return false;
  const transport = nodemailer.createTransport({ url: config.url.toString(), ...TIMEOUTS, logger: false });
  try {
    await transport.sendMail({
      from: config.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: textToHtml(mail.text),
      headers: {
        [MAILROOM_NOTIFICATION_HEADER]: mail.kind,
        'Auto-Submitted': 'auto-generated',
        'X-Mailer': MAILROOM_MAILER,
      },
    });
    return true;
  } catch (error) {
    const reason =
      error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `[system-mail] could not send the ${mail.kind} mail via ${config.url.hostname}:${config.url.port || 'default'}: ${reason}\n`,
    );
    return false;
  } finally {
    transport.close();
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Paragraphs, with links made clickable. Only our own text goes in, escaped first.
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    const html = escapeHtml(paragraph)
      .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
      .replace(/\n/g, '<br>');
    return `<p>${html}</p>`;
  });
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join('')}</body></html>`;
}
