import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb } from '@/db/client';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { createVictim, fingerprint, personas, SECRET, type Persona, type Victim } from '@/test/authorization-fixtures';

// Only the Next.js request context is replaced; every authorization decision below is the real lib code on a
// real PostgreSQL. The session is the persona under test (what next-auth + resolveSession would return);
// headers() is the current request's; revalidatePath has no cache to clear outside a Next server;
// getTranslations returns keys (errorState translates fixed error codes); next-auth itself is not loaded.
const current: { session: ResolvedSession | null; headers: Headers } = { session: null, headers: new Headers() };
vi.mock('@/server/auth', () => ({
  auth: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: { GET: vi.fn(), POST: vi.fn() },
}));
vi.mock('next-auth', () => ({
  AuthError: class AuthError extends Error {},
  CredentialsSignin: class CredentialsSignin extends Error {},
}));
vi.mock('@/server/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/server/session')>()),
  getCurrentSession: async () => current.session,
  requireSession: async () => {
    if (!current.session) throw new Error('NEXT_REDIRECT: no session');
    return current.session;
  },
  requireSessionForTwoFactorSetup: async () => {
    if (!current.session) throw new Error('NEXT_REDIRECT: no session');
    return current.session;
  },
}));
vi.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [] }),
}));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock('next-intl/server', () => ({ getTranslations: async () => (key: string) => key }));

const ROOT = path.resolve(__dirname, '..');
const ORIGIN = 'http://mailroom.test';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Ids = Victim['ids'];
type RouteCall = {
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  form?: FormData;
};
type Rule =
  // These personas must be refused (403/404, or an action's { ok: false } / notFound), leak nothing, change nothing.
  | { refuse: Persona[]; call: (ids: Ids) => RouteCall | Record<string, string | string[]>; why?: string }
  // Acts only on the caller's own organization or self (no victim id to take): nothing of the victim may show.
  | { ownScope: string; call: (ids: Ids) => RouteCall | Record<string, string | string[]>; refuse?: Persona[] }
  // Not behind a session at all; the reason, and what is checked instead elsewhere.
  | { exempt: string };

const mailReaders: Persona[] = ['outsider', 'employee', 'revoked', 'adminNoGrant'];
const senders: Persona[] = ['outsider', 'employee', 'reader', 'revoked', 'adminNoGrant'];
const managers: Persona[] = ['outsider', 'employee', 'reader', 'revoked'];
const nonAdmins: Persona[] = ['employee', 'reader', 'revoked'];
const orgWide: Persona[] = ['outsider'];
const taskStrangers: Persona[] = ['outsider', 'employee', 'reader', 'revoked'];

const routes: Record<string, Rule> = {
  'app/api/auth/[...nextauth]/route.ts GET': {
    exempt: 'next-auth sign-in/out endpoints (own CSRF token); e2e/auth.spec.ts covers sign-in',
  },
  'app/api/auth/[...nextauth]/route.ts POST': {
    exempt: 'next-auth sign-in/out endpoints (own CSRF token); e2e/auth.spec.ts covers sign-in',
  },
  'app/api/health/route.ts GET': {
    exempt: 'public health check for load balancers; says only whether the database answers',
  },
  'app/api/cron/purge/route.ts GET': {
    exempt:
      'Bearer CRON_SECRET, no session (lib/retention/verify-cron-secret, e2e/purge-route.spec.ts); tested below without the secret',
  },
  'app/api/cron/purge/route.ts POST': { exempt: 'Bearer CRON_SECRET, no session; tested below without the secret' },
  'app/api/audit/export/route.ts GET': {
    ownScope: "the caller's organization's log; employees refused",
    call: () => ({ path: '/api/audit/export' }),
    refuse: nonAdmins,
  },
  'app/api/colleagues/route.ts GET': {
    ownScope: "the caller's organization's people",
    call: () => ({ path: '/api/colleagues' }),
  },
  'app/api/presence/route.ts POST': {
    ownScope: "the caller's own heartbeat",
    call: () => ({ path: '/api/presence', body: {} }),
  },
  'app/api/mail/conversations/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: '/api/mail/conversations', query: { folder: String(ids.folderId) } }),
  },
  'app/api/mail/conversations/[id]/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({
      path: `/api/mail/conversations/${ids.threadId}`,
      params: { id: String(ids.threadId) },
      query: { folder: String(ids.folderId) },
    }),
  },
  'app/api/mail/view/route.ts POST': {
    ownScope: "the caller's own mail list view",
    call: () => ({ path: '/api/mail/view', body: { mailView: 'messages' } }),
  },
  'app/api/mail/events/route.ts GET': {
    exempt:
      'a server-sent event stream that never ends (nothing here could read it to the end); signed out it is 401 like every authedRoute. Every event is checked against the session at send time: lib/live/mail-event-hub.test.ts (revoked grantee, admin without grant, another organization, signed-out session) and lib/live/mail-event-stream.test.ts (the Last-Event-ID replay sends only readable mailboxes)',
  },
  'app/api/mail/events/[id]/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/events/${ids.mailEventId}`, params: { id: String(ids.mailEventId) } }),
  },
  'app/api/mail/discover/route.ts POST': {
    ownScope: 'public DNS and web servers of the address given; nothing of any organization (rate-limited per user)',
    call: () => ({ path: '/api/mail/discover', body: { email: 'someone@gmail.com' } }),
  },
  'app/api/mail/oauth/[provider]/start/route.ts GET': {
    refuse: managers,
    call: (ids) => ({
      path: '/api/mail/oauth/google/start',
      params: { provider: 'google' },
      query: { mailboxId: ids.mailboxId },
    }),
  },
  'app/api/mail/oauth/callback/route.ts GET': {
    ownScope:
      "completes only a flow the caller's own session started: the state is bound to the user and the session (lib/mail/oauth/oauth-mailbox.test.ts)",
    call: () => ({ path: '/api/mail/oauth/callback', query: { state: 'not-a-state', code: 'not-a-code' } }),
  },
  'app/api/mail/notifications/route.ts GET': {
    ownScope: "the caller's own notification choices, over the mailboxes they may read",
    call: () => ({ path: '/api/mail/notifications' }),
  },
  'app/api/mail/notifications/route.ts POST': {
    refuse: mailReaders,
    call: (ids) => ({ path: '/api/mail/notifications', body: { mailboxId: ids.mailboxId, enabled: true } }),
  },
  'app/api/mail/folders/route.ts GET': {
    ownScope: 'the mailboxes the caller may read',
    call: () => ({ path: '/api/mail/folders' }),
    refuse: [],
  },
  'app/api/mail/trusted-senders/route.ts POST': {
    ownScope: "the caller's own image trust list",
    call: () => ({ path: '/api/mail/trusted-senders', body: { address: 'x@y.test' } }),
  },
  'app/api/mail/uploads/route.ts POST': {
    ownScope: "the caller's own compose upload",
    call: () => ({ path: '/api/mail/uploads', form: uploadForm() }),
  },
  'app/api/mail/messages/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: '/api/mail/messages', query: { folder: String(ids.folderId) } }),
  },
  'app/api/mail/messages/[id]/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/messages/${ids.messageId}`, params: { id: String(ids.messageId) } }),
  },
  'app/api/mail/messages/[id]/body/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/messages/${ids.messageId}/body`, params: { id: String(ids.messageId) } }),
  },
  'app/api/mail/messages/[id]/reply/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({
      path: `/api/mail/messages/${ids.messageId}/reply`,
      params: { id: String(ids.messageId) },
      query: { mode: 'reply' },
    }),
  },
  'app/api/mail/messages/[id]/invitation/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/messages/${ids.messageId}/invitation`, params: { id: String(ids.messageId) } }),
  },
  'app/api/mail/messages/[id]/invitation/route.ts POST': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/messages/${ids.messageId}/invitation`, params: { id: String(ids.messageId) } }),
  },
  'app/api/mail/messages/[id]/invitation/reply/route.ts POST': {
    refuse: senders,
    why: 'an iMIP reply is mail sent from the mailbox: it needs send (lib/calendar/invitation/invitations.test.ts)',
    call: (ids) => ({
      path: `/api/mail/messages/${ids.messageId}/invitation/reply`,
      params: { id: String(ids.messageId) },
      body: { answer: 'ACCEPTED' },
    }),
  },
  'app/api/mail/messages/actions/route.ts POST': {
    refuse: mailReaders,
    call: (ids) => ({ path: '/api/mail/messages/actions', body: { action: 'delete', messageIds: [ids.messageId] } }),
  },
  'app/api/mail/attachments/[id]/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/attachments/${ids.attachmentId}`, params: { id: String(ids.attachmentId) } }),
  },
  'app/api/mail/mailboxes/[id]/sync/route.ts POST': {
    refuse: mailReaders,
    call: (ids) => ({ path: `/api/mail/mailboxes/${ids.mailboxId}/sync`, params: { id: ids.mailboxId }, body: {} }),
  },
  'app/api/mail/mailboxes/[id]/sync/route.ts GET': {
    refuse: mailReaders,
    call: (ids) => ({
      path: `/api/mail/mailboxes/${ids.mailboxId}/sync`,
      params: { id: ids.mailboxId },
      query: { since: new Date().toISOString() },
    }),
  },
  'app/api/mail/send/route.ts POST': {
    refuse: senders,
    why: 'sending needs send',
    call: (ids) => ({
      path: '/api/mail/send',
      body: {
        mailboxId: ids.mailboxId,
        clientKey: `matrix-${Math.random()}`,
        to: ['x@y.test'],
        subject: 'x',
        html: '<p>x</p>',
      },
    }),
  },
  'app/api/mail/drafts/route.ts POST': {
    refuse: senders,
    why: 'a draft is written as the mailbox',
    call: (ids) => ({ path: '/api/mail/drafts', body: { mailboxId: ids.mailboxId, subject: 'x', html: '<p>x</p>' } }),
  },
  'app/api/mail/drafts/delete/route.ts POST': {
    refuse: senders,
    call: (ids) => ({ path: '/api/mail/drafts/delete', body: { mailboxId: ids.mailboxId, uid: 1 } }),
  },
  'app/api/mail/uploads/[id]/route.ts DELETE': {
    refuse: [...senders],
    why: 'an upload is its uploader’s',
    call: (ids) => ({ path: `/api/mail/uploads/${ids.uploadId}`, params: { id: ids.uploadId } }),
  },
  'app/api/tasks/route.ts GET': {
    ownScope: 'tasks the caller may see',
    call: () => ({ path: '/api/tasks' }),
    refuse: [],
  },
  'app/api/tasks/route.ts POST': {
    refuse: mailReaders,
    why: 'a task made from a message needs to read it',
    call: (ids) => ({ path: '/api/tasks', body: { title: 'x', messageIds: [ids.messageId] } }),
  },
  'app/api/tasks/[id]/route.ts GET': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/tasks/${ids.taskId}`, params: { id: ids.taskId } }),
  },
  'app/api/tasks/[id]/route.ts PATCH': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/tasks/${ids.taskId}`, params: { id: ids.taskId }, body: { title: 'changed' } }),
  },
  'app/api/tasks/[id]/route.ts DELETE': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/tasks/${ids.taskId}`, params: { id: ids.taskId } }),
  },
  'app/api/tasks/[id]/deletion-preview/route.ts GET': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/tasks/${ids.taskId}/deletion-preview`, params: { id: ids.taskId } }),
  },
  'app/api/tasks/[id]/links/route.ts POST': {
    refuse: taskStrangers,
    call: (ids) => ({
      path: `/api/tasks/${ids.taskId}/links`,
      params: { id: ids.taskId },
      body: { messageIds: [ids.messageId] },
    }),
  },
  'app/api/tasks/[id]/links/[messageId]/route.ts DELETE': {
    refuse: taskStrangers,
    call: (ids) => ({
      path: `/api/tasks/${ids.taskId}/links/${ids.messageId}`,
      params: { id: ids.taskId, messageId: String(ids.messageId) },
    }),
  },
  'app/api/calendar/events/route.ts GET': {
    ownScope: 'events the caller may see',
    call: () => ({
      path: '/api/calendar/events',
      query: { from: new Date().toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    }),
    refuse: [],
  },
  'app/api/calendar/events/route.ts POST': {
    refuse: mailReaders,
    why: 'an event made from a message needs to read it',
    call: (ids) => ({
      path: '/api/calendar/events',
      body: {
        title: 'x',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        sourceMessageId: ids.messageId,
      },
    }),
  },
  'app/api/calendar/events/[id]/route.ts GET': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/calendar/events/${ids.eventId}`, params: { id: ids.eventId } }),
  },
  'app/api/calendar/events/[id]/route.ts PATCH': {
    refuse: taskStrangers,
    call: (ids) => ({
      path: `/api/calendar/events/${ids.eventId}`,
      params: { id: ids.eventId },
      body: { title: 'changed' },
    }),
  },
  'app/api/calendar/events/[id]/route.ts DELETE': {
    refuse: taskStrangers,
    call: (ids) => ({ path: `/api/calendar/events/${ids.eventId}`, params: { id: ids.eventId } }),
  },
  'app/api/chat/route.ts GET': { ownScope: "the caller's chats", call: () => ({ path: '/api/chat' }), refuse: [] },
  'app/api/chat/route.ts POST': {
    refuse: mailReaders,
    why: 'a chat about a message needs to read it',
    call: (ids) => ({ path: '/api/chat', body: { title: 'x', messageId: ids.messageId } }),
  },
  'app/api/chat/[id]/route.ts GET': {
    refuse: [...taskStrangers, 'adminNoGrant'],
    call: (ids) => ({ path: `/api/chat/${ids.chatId}`, params: { id: ids.chatId } }),
  },
  'app/api/chat/[id]/posts/route.ts GET': {
    refuse: [...taskStrangers, 'adminNoGrant'],
    call: (ids) => ({ path: `/api/chat/${ids.chatId}/posts`, params: { id: ids.chatId } }),
  },
  'app/api/chat/[id]/posts/route.ts POST': {
    refuse: [...taskStrangers, 'adminNoGrant'],
    call: (ids) => ({ path: `/api/chat/${ids.chatId}/posts`, params: { id: ids.chatId }, body: { body: 'x' } }),
  },
  'app/api/chat/[id]/members/route.ts POST': {
    refuse: [...taskStrangers, 'adminNoGrant'],
    call: (ids) => ({
      path: `/api/chat/${ids.chatId}/members`,
      params: { id: ids.chatId },
      body: { userIds: [ids.employeeId] },
    }),
  },
  'app/api/feed/route.ts GET': {
    ownScope: "the caller's organization's feed (the feed is organization-wide by design)",
    call: () => ({ path: '/api/feed' }),
    refuse: [],
  },
  'app/api/feed/route.ts POST': {
    refuse: mailReaders,
    why: 'quoting a message needs to read it',
    call: (ids) => ({ path: '/api/feed', body: { body: 'x', quotedMessageId: ids.messageId } }),
  },
  'app/api/feed/[id]/route.ts DELETE': {
    refuse: [...taskStrangers],
    why: 'only the author or an admin deletes a post',
    call: (ids) => ({ path: `/api/feed/${ids.feedPostId}`, params: { id: ids.feedPostId } }),
  },
  'app/api/crm/save/route.ts POST': {
    refuse: mailReaders,
    why: 'saving a message needs to read it',
    call: (ids) => ({ path: '/api/crm/save', body: { messageId: ids.messageId } }),
  },
  'app/api/crm/activities/[id]/body/route.ts GET': {
    refuse: orgWide,
    why: 'the CRM is the whole organization’s',
    call: (ids) => ({ path: `/api/crm/activities/${ids.activityId}/body`, params: { id: ids.activityId } }),
  },
  'app/api/crm/attachments/[id]/route.ts GET': {
    refuse: orgWide,
    why: 'the CRM is the whole organization’s',
    call: (ids) => ({ path: `/api/crm/attachments/${ids.crmFileId}`, params: { id: String(ids.crmFileId) } }),
  },
  'app/api/mail/recipients/route.ts GET': {
    refuse: mailReaders,
    why: 'a mailbox’s correspondents are its mail',
    call: (ids) => ({ path: '/api/mail/recipients', query: { q: 'a', mailboxId: ids.mailboxId } }),
  },
};

const actions: Record<string, Rule> = {
  'app/(auth)/sign-in/actions.ts signInAction': { exempt: 'signs in; no session; the Origin check is asserted below' },
  'app/(auth)/sign-in/actions.ts signOutAction': {
    exempt: "ends the caller's own session; the Origin check is asserted below",
  },
  'app/(auth)/setup/actions.ts setupAction': {
    exempt:
      'first run only (lib/setup refuses once an organization exists, setup_complete); the Origin check is asserted below',
  },
  'app/(app)/settings/actions.ts updateLocaleAction': {
    ownScope: "the caller's own language",
    call: () => ({ locale: 'en' }),
  },
  'app/(app)/settings/actions.ts updateThemeAction': {
    ownScope: "the caller's own theme",
    call: () => ({ theme: 'dark' }),
  },
  'app/(app)/settings/plan/actions.ts previewPlanChangeAction': {
    ownScope: "the caller's organization's plan",
    call: () => ({ plan: 'free' }),
    refuse: nonAdmins,
  },
  'app/(app)/settings/plan/actions.ts changePlanAction': {
    ownScope: "the caller's organization's plan",
    call: () => ({ plan: 'basic' }),
    refuse: nonAdmins,
  },
  'app/(app)/settings/crm/actions.ts addCrmExceptionAction': {
    ownScope: "the caller's organization's exceptions",
    call: () => ({ value: 'spam.test' }),
    refuse: nonAdmins,
  },
  'app/(app)/settings/crm/actions.ts removeCrmExceptionAction': {
    refuse: ['outsider', ...nonAdmins],
    call: () => ({ exceptionId: '00000000-0000-4000-8000-000000000000' }),
  },
  'app/(app)/settings/users/actions.ts inviteUserAction': {
    ownScope: "the caller's organization",
    call: () => ({ email: `new-${Date.now()}@victim.test`, role: 'employee', name: 'New' }),
    refuse: nonAdmins,
  },
  'app/(app)/settings/users/actions.ts reissueInvitationAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.employeeId }),
  },
  'app/(app)/settings/users/actions.ts endUserSessionsAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.ownerId }),
  },
  'app/(app)/settings/sessions/actions.ts endSessionAction': {
    ownScope: "the caller's own sessions (another user's handle names nothing: lib/auth/session-list.test.ts)",
    call: () => ({ handle: 'x' }),
  },
  'app/(app)/settings/sessions/actions.ts endOtherSessionsAction': {
    ownScope: "the caller's own other sessions",
    call: () => ({}),
  },
  'app/(app)/settings/security/actions.ts startTwoFactorAction': {
    ownScope: "the caller's own two-factor set-up",
    call: () => ({}),
  },
  'app/(app)/settings/security/actions.ts confirmTwoFactorAction': {
    ownScope: "the caller's own two-factor set-up",
    call: () => ({ code: '000000' }),
  },
  'app/(app)/settings/security/actions.ts regenerateRecoveryCodesAction': {
    ownScope: "the caller's own recovery codes",
    call: () => ({ password: 'wrong' }),
  },
  'app/(app)/settings/security/actions.ts disableTwoFactorAction': {
    ownScope: "the caller's own two-factor sign-in",
    call: () => ({ password: 'wrong' }),
  },
  'app/(app)/settings/security/actions.ts setOrgTwoFactorAction': {
    ownScope: "the caller's organization's two-factor requirement",
    call: () => ({}),
    refuse: nonAdmins,
  },
  'app/(auth)/forgot-password/actions.ts forgotPasswordAction': {
    exempt:
      'no session by design; the same answer for every address, rate-limited per address and e-mail (lib/auth/password-reset.test.ts); the Origin check is asserted below',
  },
  'app/(auth)/set-password/[token]/actions.ts setPasswordAction': {
    exempt:
      'no session: the one-time link is the credential (lib/users/invitations.test.ts); the Origin check is asserted below',
  },
  'app/(app)/settings/users/actions.ts changeUserRoleAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.employeeId, role: 'admin' }),
  },
  'app/(app)/settings/users/actions.ts deactivateUserAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.ownerId }),
  },
  'app/(app)/settings/users/actions.ts reactivateUserAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.ownerId }),
  },
  'app/(app)/settings/mailboxes/actions.ts connectMailboxAction': {
    ownScope: 'connects a mailbox for the caller (checked against the servers first)',
    call: () => ({ provider: 'other', email: 'x@y.test', password: '' }),
  },
  'app/(app)/settings/mailboxes/actions.ts syncNowAction': {
    refuse: mailReaders,
    call: (ids) => ({ mailboxId: ids.mailboxId }),
  },
  'app/(app)/settings/mailboxes/actions.ts reconnectMailboxAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, password: 'x' }),
  },
  'app/(app)/settings/mailboxes/actions.ts removeMailboxAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId }),
  },
  'app/(app)/settings/mailboxes/crm-actions.ts updateMailboxCrmSettingsAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, enabled: 'on', windowDays: '7' }),
  },
  'app/(app)/settings/mailboxes/access-actions.ts grantMailboxAccessAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, userId: ids.employeeId, level: 'manage' }),
  },
  'app/(app)/settings/mailboxes/access-actions.ts revokeMailboxAccessAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, userId: ids.readerId }),
  },
  'app/(app)/settings/mailboxes/access-actions.ts changeMailboxOwnerAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ mailboxId: ids.mailboxId, ownerUserId: ids.employeeId }),
  },
  'app/(app)/settings/mailboxes/[id]/actions.ts updateMailboxProfileAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, senderName: 'Hijacked', sendingRoute: 'own' }),
  },
  'app/(app)/settings/mailboxes/[id]/actions.ts updateMailboxServersAction': {
    refuse: managers,
    call: (ids) => ({
      mailboxId: ids.mailboxId,
      imapHost: '127.0.0.1',
      imapPort: '1',
      imapSecurity: 'none',
      smtpHost: '127.0.0.1',
      smtpPort: '1',
      smtpSecurity: 'none',
      smtpLogin: 'x',
    }),
  },
  'app/(app)/settings/mailboxes/[id]/actions.ts setMailboxFoldersAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, folder: String(ids.folderId) }),
  },
  'app/(app)/settings/mailboxes/[id]/actions.ts setMailboxEnabledAction': {
    refuse: managers,
    call: (ids) => ({ mailboxId: ids.mailboxId, enabled: 'false' }),
  },
  'app/(app)/tasks/actions.ts createTaskAction': {
    ownScope: "creates a task in the caller's organization",
    call: () => ({ title: '' }),
  },
  'app/(app)/tasks/actions.ts updateTaskAction': {
    refuse: taskStrangers,
    call: (ids) => ({ taskId: ids.taskId, title: 'changed' }),
  },
  'app/(app)/tasks/actions.ts changeTaskStatusAction': {
    refuse: taskStrangers,
    call: (ids) => ({ taskId: ids.taskId, status: 'done' }),
  },
  'app/(app)/tasks/actions.ts unlinkTaskMessageAction': {
    refuse: taskStrangers,
    call: (ids) => ({ taskId: ids.taskId, messageId: String(ids.messageId) }),
  },
  'app/(app)/tasks/actions.ts deleteTaskAction': { refuse: taskStrangers, call: (ids) => ({ taskId: ids.taskId }) },
  'app/(app)/crm/actions.ts createContactAction': {
    ownScope: "creates a contact in the caller's organization",
    call: () => ({ name: '' }),
  },
  'app/(app)/crm/actions.ts updateContactAction': {
    refuse: orgWide,
    call: () => ({ contactId: '00000000-0000-4000-8000-000000000000', name: 'x', emails: 'x@y.test' }),
  },
  'app/(app)/crm/actions.ts updateLeadAction': {
    refuse: orgWide,
    why: 'the CRM is the whole organization’s',
    call: (ids) => ({ leadId: ids.leadId, title: 'changed' }),
  },
  'app/(app)/crm/actions.ts convertLeadAction': {
    refuse: orgWide,
    why: 'the CRM is the whole organization’s',
    call: (ids) => ({ leadId: ids.leadId }),
  },
  'app/(app)/chat/actions.ts createChatAction': {
    ownScope: "creates a chat in the caller's organization",
    call: () => ({ title: '', memberUserIds: '00000000-0000-4000-8000-000000000000' }),
  },
  'app/(app)/calendar/events/new/actions.ts createEventAction': {
    ownScope: "creates an event in the caller's organization",
    call: () => ({ title: '' }),
  },
  'app/(app)/calendar/events/[id]/edit/actions.ts updateEventAction': {
    refuse: taskStrangers,
    call: (ids) => ({
      eventId: ids.eventId,
      title: 'changed',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  },
  'app/(app)/calendar/events/[id]/actions.ts deleteEventAction': {
    refuse: taskStrangers,
    call: (ids) => ({ eventId: ids.eventId }),
  },
};

function uploadForm(): FormData {
  const form = new FormData();
  form.set('file', new File(['hello'], 'hello.txt', { type: 'text/plain' }));
  return form;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const routeFiles = walk(path.join(ROOT, 'app/api'))
  .filter((f) => f.endsWith('/route.ts'))
  .map(relative)
  .sort();
const actionFiles = walk(path.join(ROOT, 'app'))
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && /^\s*['"]use server['"]/.test(readFileSync(f, 'utf8')))
  .map(relative)
  .sort();

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ServerAction = (previous: unknown, formData: FormData) => Promise<unknown>;

async function enumerate() {
  const handlers: Array<{ key: string; run: Handler; method: string }> = [];
  for (const file of routeFiles) {
    const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const method of METHODS)
      if (typeof module[method] === 'function')
        handlers.push({ key: `${file} ${method}`, run: module[method] as Handler, method });
  }
  const serverActions: Array<{ key: string; run: ServerAction }> = [];
  for (const file of actionFiles) {
    const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module))
      if (typeof value === 'function') serverActions.push({ key: `${file} ${name}`, run: value as ServerAction });
  }
  return { handlers, serverActions };
}

function asRequest(method: string, call: RouteCall, origin: string | null): Request {
  const url = new URL(call.path, ORIGIN);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers({ host: new URL(ORIGIN).host });
  if (origin !== null) headers.set('origin', origin);
  let body: BodyInit | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    if (call.form) body = call.form;
    else {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(call.body ?? {});
    }
  }
  return new Request(url, { method, headers, body });
}

function asForm(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) form.append(k, value);
  return form;
}

function actionHeaders(origin: string | null): Headers {
  const headers = new Headers({ host: new URL(ORIGIN).host });
  if (origin !== null) headers.set('origin', origin);
  return headers;
}

type Outcome = { refused: boolean; text: string; detail: string };

async function runRoute(
  run: Handler,
  method: string,
  call: RouteCall,
  session: ResolvedSession | null,
  origin: string | null = ORIGIN,
): Promise<Outcome> {
  current.session = session;
  const response = await run(asRequest(method, call, origin), { params: Promise.resolve(call.params ?? {}) });
  const text = await response.text();
  return {
    refused: response.status === 403 || response.status === 404 || response.status === 401,
    text,
    detail: `${response.status} ${text.slice(0, 200)}`,
  };
}

async function runAction(
  run: ServerAction,
  fields: Record<string, string | string[]>,
  session: ResolvedSession | null,
  origin: string | null = ORIGIN,
): Promise<Outcome> {
  current.session = session;
  current.headers = actionHeaders(origin);
  try {
    const state = (await run(null, asForm(fields))) as { ok?: boolean } | undefined;
    const text = JSON.stringify(state ?? null);
    return { refused: state?.ok === false, text, detail: text.slice(0, 200) };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? (error as Error).message);
    // notFound() is a refusal; a redirect means the action went through.
    return {
      refused: digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404') || digest.includes('NEXT_NOT_FOUND'),
      text: digest,
      detail: digest.slice(0, 200),
    };
  }
}

let victim: Victim;
let enumerated: Awaited<ReturnType<typeof enumerate>>;

describe('authorization matrix: every route handler and server action', () => {
  beforeAll(async () => {
    victim = await createVictim();
    enumerated = await enumerate();
  }, 120_000);
  afterAll(closeDb);

  it('has a rule for every route handler and every server action, and none for ones that no longer exist', () => {
    const handlerKeys = enumerated.handlers.map((h) => h.key).sort();
    const actionKeys = enumerated.serverActions.map((a) => a.key).sort();
    // next-auth's handlers are one object spread into GET/POST; the file exports them through a destructuring.
    expect(handlerKeys.filter((k) => !(k in routes))).toEqual([]);
    expect(Object.keys(routes).filter((k) => !handlerKeys.includes(k) && !k.includes('[...nextauth]'))).toEqual([]);
    expect(actionKeys.filter((k) => !(k in actions))).toEqual([]);
    expect(Object.keys(actions).filter((k) => !actionKeys.includes(k))).toEqual([]);
    expect(handlerKeys.length).toBeGreaterThan(30);
  });

  it('refuses each persona the rules name, with none of the victim’s data in the answer and nothing changed', async () => {
    const failures: string[] = [];
    for (const persona of personas) {
      const session = victim.sessions[persona];
      for (const { key, run, method } of enumerated.handlers) {
        const rule = routes[key];
        if (!rule || 'exempt' in rule) continue;
        const mustRefuse = (rule.refuse ?? []).includes(persona);
        // A permitted write would change the fixtures under the checks that follow; permitted reads are still
        // checked for leaks.
        if (!mustRefuse && method !== 'GET') continue;
        const before = await fingerprint(victim.orgId);
        const outcome = await runRoute(run, method, rule.call(victim.ids) as RouteCall, session);
        if (mustRefuse && !outcome.refused) failures.push(`${key} as ${persona}: not refused (${outcome.detail})`);
        // Everyone may see their own organization's lists; nobody but a legitimate reader sees the victim's secrets.
        if ((mustRefuse || persona === 'outsider') && outcome.text.includes(SECRET))
          failures.push(`${key} as ${persona}: leaked victim data`);
        if (mustRefuse && (await fingerprint(victim.orgId)) !== before)
          failures.push(`${key} as ${persona}: changed the victim's data`);
      }
      for (const { key, run } of enumerated.serverActions) {
        const rule = actions[key];
        if (!rule || 'exempt' in rule) continue;
        const mustRefuse = (rule.refuse ?? []).includes(persona);
        // Own-scope actions that would create something for this persona are only run where they must be refused.
        if (!mustRefuse) continue;
        const before = await fingerprint(victim.orgId);
        const outcome = await runAction(run, rule.call(victim.ids) as Record<string, string>, session);
        if (!outcome.refused) failures.push(`${key} as ${persona}: not refused (${outcome.detail})`);
        if (outcome.text.includes(SECRET)) failures.push(`${key} as ${persona}: leaked victim data`);
        if ((await fingerprint(victim.orgId)) !== before)
          failures.push(`${key} as ${persona}: changed the victim's data`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses cross-site requests to every mutating route and every action, even from the owner, and changes nothing', async () => {
    const failures: string[] = [];
    const owner = victim.sessions.owner;
    for (const origin of ['https://evil.example', null, 'null']) {
      for (const { key, run, method } of enumerated.handlers) {
        const rule = routes[key];
        if (method === 'GET' || !rule || 'exempt' in rule) continue;
        const before = await fingerprint(victim.orgId);
        const outcome = await runRoute(run, method, rule.call(victim.ids) as RouteCall, owner, origin);
        if (!outcome.detail.startsWith('403')) failures.push(`${key} from ${origin}: ${outcome.detail}`);
        if ((await fingerprint(victim.orgId)) !== before) failures.push(`${key} from ${origin}: changed data`);
      }
      for (const { key, run } of enumerated.serverActions) {
        const rule = actions[key];
        const fields =
          rule && !('exempt' in rule)
            ? (rule.call(victim.ids) as Record<string, string>)
            : { email: 'x@y.test', password: 'x' };
        const before = await fingerprint(victim.orgId);
        const outcome = await runAction(run, fields, owner, origin);
        if (!outcome.refused && !key.endsWith('signOutAction'))
          failures.push(`${key} from ${origin}: ${outcome.detail}`);
        if ((await fingerprint(victim.orgId)) !== before) failures.push(`${key} from ${origin}: changed data`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('the cron route without its secret is 401 and purges nothing', async () => {
    const { POST } = (await import('@/app/api/cron/purge/route')) as { POST: Handler };
    const before = await fingerprint(victim.orgId);
    const outcome = await runRoute(POST, 'POST', { path: '/api/cron/purge' }, victim.sessions.adminNoGrant);
    expect(outcome.detail).toMatch(/^401/);
    expect(await fingerprint(victim.orgId)).toBe(before);
  });

  it('the legitimate people still get through (so the refusals above are about who asks, not a broken call)', async () => {
    const get = (key: string) => enumerated.handlers.find((h) => h.key === key)!;
    const message = get('app/api/mail/messages/[id]/route.ts GET');
    const call = routes[message.key] as Extract<Rule, { refuse: Persona[] }>;
    for (const who of ['owner', 'reader'] as const) {
      const outcome = await runRoute(message.run, 'GET', call.call(victim.ids) as RouteCall, victim.sessions[who]);
      expect(outcome.detail, who).toMatch(/^200/);
      expect(outcome.text).toContain(SECRET);
    }
    const task = get('app/api/tasks/[id]/route.ts GET');
    expect(
      (
        await runRoute(
          task.run,
          'GET',
          (routes[task.key] as Extract<Rule, { refuse: Persona[] }>).call(victim.ids) as RouteCall,
          victim.sessions.adminNoGrant,
        )
      ).detail,
    ).toMatch(/^200/);
    const lead = enumerated.serverActions.find((a) => a.key === 'app/(app)/crm/actions.ts updateLeadAction')!;
    expect(
      (await runAction(lead.run, { leadId: victim.ids.leadId, title: `${SECRET} lead` }, victim.sessions.employee))
        .refused,
    ).toBe(false);
  });
});

// Issue 18 (password change): the own-password action is only ever the caller's; a temporary password is set by
// an admin of the same organization only.
Object.assign(actions, {
  'app/(app)/settings/actions.ts changePasswordAction': {
    ownScope: "the caller's own password, with the current one (rate-limited per user)",
    call: () => ({ currentPassword: 'not it', newPassword: 'lantern orchard velvet 7719', confirm: 'x' }),
  },
  'app/(auth)/change-password/actions.ts choosePasswordAction': {
    ownScope: "the caller's own password, only while a temporary one must be replaced",
    call: () => ({ newPassword: 'lantern orchard velvet 7719', confirm: 'x' }),
  },
  'app/(app)/settings/users/actions.ts setTemporaryPasswordAction': {
    refuse: ['outsider', ...nonAdmins],
    call: (ids) => ({ userId: ids.employeeId }),
  },
} satisfies Record<string, Rule>);
