import { AppError } from '../errors';
import type { Problem } from '../i18n/problem';

export type LimitResource = 'mail' | 'mailboxesPerEmployee' | 'sharedMailboxes' | 'outgoingPerMonth' | 'attachmentSize';

/** What the UI shows for every limit. `limit: null` is unlimited. */
export type Usage = { limit: number | null; used: number; remaining: number | null };

export function usageOf(limit: number | null, used: number): Usage {
  return { limit, used, remaining: limit === null ? null : Math.max(0, limit - used) };
}

// Sizes are decimal megabytes, as the plans are worded (14.3 MB); the catalogue rounds them to one decimal.
const megabytes = (bytes: number) => bytes / 1_000_000;

// The one place that words every limit message, so people always hear the limit and what is used. Each
// resource has its own sentence in the `problems` catalogue (plans.*), with the numbers as ICU arguments.
function describe(resource: LimitResource, usage: Usage): Problem {
  const limit = usage.limit ?? 0;
  switch (resource) {
    case 'mail':
      return { key: 'plans.mailUnavailable' };
    case 'mailboxesPerEmployee':
      return { key: 'plans.mailboxesPerEmployee', values: { limit, used: usage.used } };
    case 'sharedMailboxes':
      return { key: 'plans.sharedMailboxes', values: { limit, used: usage.used } };
    case 'outgoingPerMonth':
      return { key: 'plans.outgoingPerMonth', values: { limit, used: usage.used } };
    case 'attachmentSize':
      return { key: 'plans.attachmentSize', values: { limit: megabytes(limit), used: megabytes(usage.used) } };
  }
}

export function limitExceeded(resource: LimitResource, usage: Usage): AppError {
  return new AppError('limit_exceeded', {
    message: `Limit ${resource} reached: ${JSON.stringify(usage)}`,
    problem: describe(resource, usage),
    details: { resource, ...usage },
  });
}

/** Throws when taking `adding` more would go past the limit. */
export function throwIfOverLimit(resource: LimitResource, limit: number | null, used: number, adding = 1): void {
  if (limit !== null && used + adding > limit) throw limitExceeded(resource, usageOf(limit, used));
}
