import type SMTPConnection from 'nodemailer/lib/smtp-connection';
// The file itself: Node's ESM loader (Playwright's specs load this) refuses directory imports.
import XOAuth2 from 'nodemailer/lib/xoauth2/index.js';
import type { MailSecret } from './settings';

/** A bare string is a password: what every caller passed before OAuth2 mailboxes existed. */
export function toMailSecret(secret: string | MailSecret): MailSecret {
  return typeof secret === 'string' ? { password: secret } : secret;
}

/** imapflow's `auth`: LOGIN/PLAIN with a password, XOAUTH2 (or OAUTHBEARER, as the server offers) with a token. */
export function imapAuth(user: string, secret: string | MailSecret) {
  const given = toMailSecret(secret);
  return 'accessToken' in given ? { user, accessToken: given.accessToken } : { user, pass: given.password };
}

/** nodemailer transport's `auth`: its OAuth2 type sends the token with XOAUTH2. */
export function smtpTransportAuth(user: string, secret: string | MailSecret) {
  const given = toMailSecret(secret);
  return 'accessToken' in given
    ? { type: 'OAuth2' as const, user, accessToken: given.accessToken }
    : { user, pass: given.password };
}

/**
 * SMTPConnection.login's argument. With a token, nodemailer asks the XOAuth2 object for it; that object has no
 * refresh settings, so a refused token fails the login instead of being renewed here: the caller refreshes
 * the grant (lib/mail/oauth/mailbox-access-token.ts) and tries once more.
 */
export function smtpConnectionLogin(
  user: string,
  secret: string | MailSecret,
): SMTPConnection.AuthenticationOAuth2 | SMTPConnection.AuthenticationCredentials {
  const given = toMailSecret(secret);
  return 'accessToken' in given
    ? // At run time SMTPConnection calls getToken() on this object (as nodemailer's own transport passes it);
      // the typings describe it as XOAuth2's options instead.
      { oauth2: new XOAuth2({ user, accessToken: given.accessToken }) as unknown as XOAuth2.Options }
    : { credentials: { user, pass: given.password } };
}
