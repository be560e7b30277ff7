import type { z } from 'zod';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { AppError, isAppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './read-body';
import { assertSameOrigin } from './same-origin';
import { assertPasswordChosen, getCurrentSession } from './session';
import { wordError } from './word-error';

export async function errorResponse(error: unknown): Promise<Response> {
  const appError = isAppError(error) ? error : new AppError('internal', { cause: error });
  if (!isAppError(error))
    process.stderr.write(`Unexpected error in route: ${error instanceof Error ? error.stack : String(error)}\n`);
  // message and fieldErrors in the request's language; details keep the codes and values for programs.
  const worded = await wordError(appError);
  const details =
    appError.code === 'internal' || !appError.details
      ? undefined
      : { ...appError.details, ...(worded.fieldErrors ? { fieldErrors: worded.fieldErrors } : {}) };
  return Response.json(
    { ok: false, error: { code: appError.code, message: worded.message, details } },
    { status: appError.status, headers: { 'Cache-Control': 'no-store' } },
  );
}

export type RouteOptions = {
  /** Bytes the JSON body may have (default DEFAULT_BODY_LIMIT); a larger one is refused with 413 while it streams. */
  maxBodyBytes?: number;
};

/**
 * The one wrapper for route handlers that need a signed-in user: same-origin check for mutations, session,
 * JSON body (size-limited, then validated with zod), and AppError → HTTP status. Handlers call one lib
 * function. A route without a schema reads no body here; one that takes a file reads it with readFormBody.
 */
export function authedRoute<S extends z.ZodType, T>(
  schema: S | null,
  handler: (
    input: z.output<S>,
    session: ResolvedSession,
    request: Request,
    params: Record<string, string>,
  ) => Promise<T | Response>,
  options: RouteOptions = {},
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      assertSameOrigin(request.headers, request.method);
      const session = await getCurrentSession();
      if (!session) throw new AppError('unauthenticated');
      assertPasswordChosen(session);
      const body = schema
        ? parseInput(schema, await inputOf(request, options.maxBodyBytes ?? DEFAULT_BODY_LIMIT))
        : undefined;
      const result = await handler(body as z.output<S>, session, request, (await context?.params) ?? {});
      if (result instanceof Response) return result;
      return result === undefined
        ? new Response(null, { status: 204 })
        : Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// GET takes its input from the query string; everything else from a JSON body, read only after the session
// check so that nobody signed out can make the server read anything.
function inputOf(request: Request, limit: number): Promise<unknown> | Record<string, string> {
  if (request.method === 'GET') return Object.fromEntries(new URL(request.url).searchParams);
  return readJsonBody(request, limit);
}
