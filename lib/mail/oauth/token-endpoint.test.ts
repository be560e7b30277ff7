import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthProviderConfig } from './providers';
import { requestTokens } from './token-endpoint';

// A token endpoint that answers what each test puts in `answer`: the errors Microsoft and Google send.
let server: Server;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let url = '';

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = () =>
  oauthProviderConfig('microsoft', {
    MICROSOFT_CLIENT_ID: 'id',
    MICROSOFT_CLIENT_SECRET: 's',
    MICROSOFT_TOKEN_URL: url,
  })!;

describe('the token endpoint', () => {
  it.each(['invalid_grant', 'interaction_required', 'consent_required'])(
    'takes %s as a grant only the user can renew (reconnect)',
    async (error) => {
      answer = { status: 400, body: { error, error_description: 'AADSTS50076: secret-looking details' } };
      await expect(requestTokens(config(), { grant_type: 'refresh_token', refresh_token: 'r' })).rejects.toMatchObject({
        code: 'mail_auth_failed',
        problem: { key: 'mailbox.oauthGrantRevoked', values: { provider: 'Microsoft' } },
      });
    },
  );

  it('takes a server error or a broken answer as an outage to retry, not a lost grant', async () => {
    answer = { status: 503, body: { error: 'temporarily_unavailable' } };
    await expect(requestTokens(config(), { grant_type: 'refresh_token', refresh_token: 'r' })).rejects.toMatchObject({
      code: 'mail_unreachable',
    });
    answer = { status: 200, body: { token_type: 'Bearer' } };
    await expect(requestTokens(config(), { grant_type: 'refresh_token', refresh_token: 'r' })).rejects.toMatchObject({
      code: 'mail_unreachable',
    });
  });

  it('keeps the old refresh token when none comes back, and computes the expiry', async () => {
    answer = { status: 200, body: { access_token: 'a', expires_in: 3599 } };
    const tokens = await requestTokens(config(), { grant_type: 'refresh_token', refresh_token: 'r' }, 1_000);
    expect(tokens).toEqual({ accessToken: 'a', expiresAt: 1_000 + 3_599_000 });
  });
});
