import { AppError } from '../errors';

export type LimitResource = 'mail' | 'mailboxesPerEmployee' | 'sharedMailboxes' | 'outgoingPerMonth' | 'attachmentSize';

/** What the UI shows for every limit. `limit: null` is unlimited. */
export type Usage = { limit: number | null; used: number; remaining: number | null };

export function usageOf(limit: number | null, used: number): Usage {
  return { limit, used, remaining: limit === null ? null : Math.max(0, limit - used) };
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

// The one place that words every limit message, so people always hear the limit and what is used.
function describe(resource: LimitResource, usage: Usage): string {
  const limit = usage.limit ?? 0;
  switch (resource) {
    case 'mail':
      return 'Mail is not available on the Free plan. An administrator can choose another plan in Settings → Plan.';
    case 'mailboxesPerEmployee':
      return `Your plan allows ${plural(limit, 'mailbox', 'mailboxes')} per employee and ${usage.used} ${usage.used === 1 ? 'is' : 'are'} connected. Remove one, or ask an administrator to upgrade the plan.`;
    case 'sharedMailboxes':
      return `Your plan allows ${plural(limit, 'shared mailbox', 'shared mailboxes')} and ${usage.used} ${usage.used === 1 ? 'is' : 'are'} shared already. Stop sharing one, or upgrade the plan.`;
    case 'outgoingPerMonth':
      return `Your organization has sent ${usage.used.toLocaleString('en')} of the ${plural(limit, 'e-mail', 'e-mails')} its plan allows this month. Sending resumes on the 1st of next month (UTC), or sooner after an upgrade.`;
    case 'attachmentSize':
      return `Attachments may total at most ${mb(limit)} per message; these total ${mb(usage.used)}.`;
  }
}

export function limitExceeded(resource: LimitResource, usage: Usage): AppError {
  return new AppError('limit_exceeded', {
    message: `Limit ${resource} reached: ${JSON.stringify(usage)}`,
    userMessage: describe(resource, usage),
    details: { resource, ...usage },
  });
}

/** Throws when taking `adding` more would go past the limit. */
export function throwIfOverLimit(resource: LimitResource, limit: number | null, used: number, adding = 1): void {
  if (limit !== null && used + adding > limit) throw limitExceeded(resource, usageOf(limit, used));
}
