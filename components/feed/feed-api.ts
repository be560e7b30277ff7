import { ApiError } from '../mail/mail-api';

/** DELETE on one of our route handlers; a refusal throws the server's message as mail-api's calls do. */
export async function apiDelete(path: string): Promise<void> {
  const response = await fetch(path, { method: 'DELETE', headers: { Accept: 'application/json' } });
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  throw new ApiError(
    body?.error?.message ?? `The server answered ${response.status}.`,
    response.status,
    body?.error?.code ?? 'unknown',
  );
}
