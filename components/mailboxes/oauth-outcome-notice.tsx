import { getTranslations } from 'next-intl/server';
import { Alert } from '../ui/alert';

// The codes the OAuth callback sends back with (/settings/mailboxes?oauthError=<code>).
const ERROR_CODES = [
  'denied',
  'state',
  'exchange',
  'account',
  'mismatch',
  'exists',
  'limit',
  'server',
  'unavailable',
] as const;
type ErrorCode = (typeof ERROR_CODES)[number] | 'unknown';

type Query = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * How the round trip to Google or Microsoft ended, from the query string the callback redirected to. The
 * address is only repeated in a sentence (React escapes it); an unknown code reads as a generic failure.
 */
export async function OAuthOutcomeNotice({ query }: { query: Query }) {
  const t = await getTranslations('mailboxConnect');
  const tSettings = await getTranslations('mailboxSettings');
  const outcome = first(query.oauth);
  const email = first(query.email)?.slice(0, 320) ?? '';
  const error = first(query.oauthError);
  if (error !== undefined) {
    const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(error) ? (error as ErrorCode) : 'unknown';
    return (
      <div data-testid="oauth-outcome">
        <Alert>{t(`oauthErrors.${code}`)}</Alert>
      </div>
    );
  }
  if ((outcome === 'connected' || outcome === 'reconnected') && email) {
    return (
      <div data-testid="oauth-outcome">
        <Alert tone="success">
          {outcome === 'connected' ? tSettings('connected', { email }) : t('reconnected', { email })}
        </Alert>
      </div>
    );
  }
  return null;
}
