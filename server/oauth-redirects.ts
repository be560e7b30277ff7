import { isAppError, type ErrorCode } from '@/lib/errors';
import type { OAuthFlowFailure } from '@/lib/mail/oauth/finish-oauth-flow';
import { linkBaseUrl } from './link-base-url';
import { errorResponse } from './route';

export const OAUTH_CALLBACK_PATH = '/api/mail/oauth/callback';
const SETTINGS_PATH = '/settings/mailboxes';

/** The redirect URI registered with the providers: the public URL (or this request's origin) + the callback. */
export async function oauthRedirectUri(): Promise<string> {
  return `${await linkBaseUrl()}${OAUTH_CALLBACK_PATH}`;
}

/** A navigation (these routes are reached by links and the provider's redirect, not by fetch). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

export function backToSettings(query: Record<string, string>): Response {
  return seeOther(`${SETTINGS_PATH}?${new URLSearchParams(query).toString()}`);
}

const startFailures: Partial<Record<ErrorCode, OAuthFlowFailure>> = { limit_exceeded: 'limit' };

/**
 * A refusal before the provider was asked. A mailbox the user may not manage (only a hand-made link gets
 * here) is the plain 404 every route gives; the rest (plan limit, provider not set up) is told on the page.
 */
export async function startRefused(error: unknown): Promise<Response> {
  if (!isAppError(error)) throw error;
  const providerMissing = error.problem?.key === 'mailbox.oauthProviderUnknown';
  if (!providerMissing && (error.code === 'not_found' || error.code === 'forbidden')) return errorResponse(error);
  return backToSettings({ oauthError: startFailures[error.code] ?? 'unavailable' });
}
