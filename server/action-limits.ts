/**
 * The largest server action request body: one megabyte, Next.js's default. The biggest form is a mailbox
 * signature (20,000 characters at most); files go to route handlers (/api/mail/uploads), never to actions.
 * next.config.ts gives it to Next.js and proxy.ts enforces it first, so both refuse the same bodies.
 */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
