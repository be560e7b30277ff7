import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { RENDERER_VERSION } from './html-jobs';

// The rules of the two render caches (message_renders, crm_activity_renders), in one place.

// How long the text fallback of a render the workers could not finish is served before trying again: it may
// have been the load, not the message.
const RETRY_FAILED_RENDER_MS = 10 * 60_000;

/** A kept render that may be served: made by this renderer, and not a fallback whose time is up. */
export function isFreshRender(row: { rendererVersion: number; retryAfter: Date | null } | undefined): boolean {
  return (
    row !== undefined &&
    row.rendererVersion === RENDERER_VERSION &&
    (row.retryAfter === null || row.retryAfter > new Date())
  );
}

/** When a render just made should be tried again: never, unless the workers failed and this is the fallback. */
export function retryAfterOf(failure: string | null): Date | null {
  return failure === null ? null : new Date(Date.now() + RETRY_FAILED_RENDER_MS);
}

/**
 * The `setWhere` of a render's upsert: a row of an older renderer, or a fallback, is replaced; a complete
 * render of this renderer, or of a newer one (another server, mid-upgrade), is kept.
 */
export function replaceableRender(columns: { rendererVersion: PgColumn; retryAfter: PgColumn }): SQL {
  return sql`${columns.rendererVersion} < excluded.renderer_version
    or (${columns.rendererVersion} = excluded.renderer_version and ${columns.retryAfter} is not null)`;
}
