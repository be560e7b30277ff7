import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { createContact } from '@/lib/crm/create-contact';
import { encodeListCursor } from '@/lib/list-cursor';
import { Rng } from '@/lib/mail/sync/fuzz/prng';
import { createVictim, SECRET, type Victim } from '@/test/authorization-fixtures';
import { mutateBody, mutateFields, oddParam } from '@/test/odd-values';

// The real route handlers and server actions on a real PostgreSQL, as in app/authorization-matrix.test.ts: only
// the request context is replaced (session, headers, cache, translations → keys) and jobs are not queued.
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
  requireSession: async () => current.session!,
}));
vi.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [] }),
}));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock('next-intl/server', async () => ({
  getTranslations: async () => (key: string) => key,
  getFormatter: async () => ({ dateTime: (date: Date) => date.toISOString() }),
  getLocale: async () => 'en',
  getMessages: async () => (await import('@/messages/en.json', { with: { type: 'json' } })).default,
}));
vi.mock('@/lib/jobs/boss', () => ({ enqueueJob: vi.fn(async () => null) }));

const ORIGIN = 'http://mailroom.test';
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ServerAction = (previous: unknown, formData: FormData) => Promise<unknown>;
type Ids = Victim['ids'] & { contactId: string };
type RouteCall = {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
};
type Outcome = { status: number; text: string };
type PageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };
type Page = (props: PageProps & { params: Promise<Record<string, string>> }) => Promise<unknown>;

// Anything written as "Unexpected error" is a 500 in disguise (an action turns it into a generic message).
const unexpected: string[] = [];
const realWrite = process.stderr.write.bind(process.stderr);

async function callRoute(handler: Handler, method: string, call: RouteCall): Promise<Outcome> {
  const url = new URL('/api/x', ORIGIN);
  for (const [key, value] of Object.entries(call.query ?? {}))
    for (const v of [value].flat()) url.searchParams.append(key, v);
  // A multipart form sets its own content type (with the boundary).
  const headers = new Headers({
    host: new URL(ORIGIN).host,
    origin: ORIGIN,
    ...(call.form ? {} : { 'content-type': 'application/json' }),
    ...call.headers,
  });
  const body =
    method === 'GET' ? undefined : (call.form ?? (call.body === undefined ? undefined : JSON.stringify(call.body)));
  const response = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(call.params ?? {}),
  });
  return { status: response.status, text: await response.text() };
}

// A page as Next.js calls it: the element tree it returns is the outcome, as JSON of its props (text and values
// stay; element types — some are module objects that refer to themselves — and React's own fields drop out).
// notFound() and redirect() throw, as in Next.js; anything else thrown is the 500.
const propsOnly = (key: string, value: unknown) => (key === 'type' || key.startsWith('_') ? undefined : value);
async function callPage(
  page: Page,
  query: Record<string, string | string[]>,
  params: Record<string, string> = {},
): Promise<Outcome> {
  try {
    return {
      status: 200,
      text: JSON.stringify(
        await page({ searchParams: Promise.resolve(query), params: Promise.resolve(params) }),
        propsOnly,
      ),
    };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return { status: 303, text: digest };
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK')) return { status: 404, text: digest };
    return { status: 500, text: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

async function callAction(action: ServerAction, fields: Record<string, string | string[]>): Promise<Outcome> {
  current.headers = new Headers({ host: new URL(ORIGIN).host, origin: ORIGIN });
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  try {
    const state = (await action(null, form)) as
      | { ok: boolean; error?: string; fieldErrors?: Record<string, string> }
      | undefined;
    // errorState shows the fixed codes translated (here: the key itself); `internal` is the 500.
    return {
      status: state?.ok === false ? (state.error === 'internal' ? 500 : 400) : 200,
      text: JSON.stringify(state ?? null),
    };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'))
      return { status: 303, text: digest };
    return { status: 500, text: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// What a response must never carry: a stack trace or SQL.
const LEAK = /Failed query|\n\s+at |\bselect\b.*\bfrom\b|\binsert into\b/i;

const fieldErrorsOf = (outcome: Outcome): Record<string, string> => {
  const parsed = JSON.parse(outcome.text) as {
    error?: { details?: { fieldErrors?: Record<string, string> } };
    fieldErrors?: Record<string, string>;
  };
  return parsed.error?.details?.fieldErrors ?? parsed.fieldErrors ?? {};
};

let victim: Victim;
let ids: Ids;
let owner: ResolvedSession;
let sessions: ResolvedSession[];

beforeAll(async () => {
  victim = await createVictim();
  owner = victim.sessions.owner;
  // The victim's owner is an employee; its admin reaches the admin-only operations.
  sessions = [owner, victim.sessions.adminNoGrant];
  const contact = await createContact(getDb(), {
    actor: { kind: 'user', userId: owner.user.id, orgId: owner.org.id, role: owner.user.role },
    input: { name: 'Cleo Contact', emails: 'cleo@client.test' },
  });
  ids = { ...victim.ids, contactId: contact.id };
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).includes('Unexpected error')) unexpected.push(String(chunk).slice(0, 2000));
    return realWrite(chunk, ...(rest as []));
  });
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await closeDb();
});

const tasks = () => import('@/app/api/tasks/route');
const task = () => import('@/app/api/tasks/[id]/route');
const chats = () => import('@/app/api/chat/route');
const chatPosts = () => import('@/app/api/chat/[id]/posts/route');
const feed = () => import('@/app/api/feed/route');
const events = () => import('@/app/api/calendar/events/route');
const event = () => import('@/app/api/calendar/events/[id]/route');
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const inTwoHours = () => new Date(Date.now() + 7_200_000).toISOString();
const uuid = '3f1c8a52-9d0e-4b7a-8c61-2f5e9a0b7d14';

const auditExport = () => import('@/app/api/audit/export/route');
const mailboxSync = () => import('@/app/api/mail/mailboxes/[id]/sync/route');

describe('odd values get a 4xx naming the field, never a 500', () => {
  // A 400 naming `field` unless the case says otherwise; as the victim's owner unless `admin`.
  type Case = { name: string; field?: string; status?: number; admin?: boolean; run: () => Promise<Outcome> };
  const nul = 'before\u0000after';
  const cases: Case[] = [
    {
      name: 'task title (route)',
      field: 'title',
      run: async () => callRoute((await tasks()).POST, 'POST', { body: { title: nul } }),
    },
    {
      name: 'task description (route)',
      field: 'description',
      run: async () =>
        callRoute((await task()).PATCH, 'PATCH', { params: { id: ids.taskId }, body: { description: nul } }),
    },
    { name: 'task search', field: 'q', run: async () => callRoute((await tasks()).GET, 'GET', { query: { q: nul } }) },
    {
      name: 'chat title (route)',
      field: 'title',
      run: async () => callRoute((await chats()).POST, 'POST', { body: { title: nul } }),
    },
    {
      name: 'chat post',
      field: 'body',
      run: async () => callRoute((await chatPosts()).POST, 'POST', { params: { id: ids.chatId }, body: { body: nul } }),
    },
    {
      name: 'feed post',
      field: 'body',
      run: async () => callRoute((await feed()).POST, 'POST', { body: { body: nul } }),
    },
    {
      name: 'event title (route)',
      field: 'title',
      run: async () =>
        callRoute((await events()).POST, 'POST', { body: { title: nul, startsAt: inAnHour(), endsAt: inTwoHours() } }),
    },
    {
      name: 'event attendee name, half a surrogate pair (route)',
      field: 'attendees.0.name',
      run: async () =>
        callRoute((await event()).PATCH, 'PATCH', {
          params: { id: ids.eventId },
          body: { attendees: [{ name: 'Ann \ud800', address: 'ann@client.test' }] },
        }),
    },
    {
      name: 'task title (action)',
      field: 'title',
      run: async () =>
        callAction((await import('@/app/(app)/tasks/actions')).createTaskAction as ServerAction, { title: nul }),
    },
    {
      name: 'contact name (action)',
      field: 'name',
      run: async () =>
        callAction((await import('@/app/(app)/crm/actions')).createContactAction as ServerAction, {
          name: nul,
          emails: 'x@client.test',
        }),
    },
    {
      name: 'contact addresses (action)',
      field: 'emails',
      run: async () =>
        callAction((await import('@/app/(app)/crm/actions')).updateContactAction as ServerAction, {
          contactId: ids.contactId,
          name: 'Cleo',
          emails: `cleo${nul}@client.test`,
        }),
    },
    {
      name: 'chat first message (action)',
      field: 'firstMessage',
      run: async () =>
        callAction((await import('@/app/(app)/chat/actions')).createChatAction as ServerAction, {
          title: 'x',
          firstMessage: nul,
        }),
    },
    {
      name: 'mailbox signature (action)',
      field: 'signatureHtml',
      run: async () =>
        callAction(
          (await import('@/app/(app)/settings/mailboxes/[id]/actions')).updateMailboxProfileAction as ServerAction,
          { mailboxId: ids.mailboxId, signatureHtml: `<p>${nul}</p>`, sendingRoute: 'own' },
        ),
    },
    {
      name: 'event description (action)',
      field: 'description',
      run: async () =>
        callAction((await import('@/app/(app)/calendar/events/new/actions')).createEventAction as ServerAction, {
          title: 'x',
          startsAt: inAnHour(),
          endsAt: inTwoHours(),
          description: nul,
        }),
    },
    {
      name: 'CRM exception (action)',
      field: 'value',
      run: async () =>
        callAction((await import('@/app/(app)/settings/crm/actions')).addCrmExceptionAction as ServerAction, {
          value: nul,
        }),
    },
  ];
  for (const date of ['0000-01-01T00:00:00Z', '275760-09-14', '275760-09-14T00:00:00Z', '2024-02-30T00:00:00Z']) {
    cases.push(
      {
        name: `task deadline ${date} (route)`,
        field: 'deadline',
        run: async () => callRoute((await tasks()).POST, 'POST', { body: { title: 'x', deadline: date } }),
      },
      {
        name: `task deadline ${date} (action)`,
        field: 'deadline',
        run: async () =>
          callAction((await import('@/app/(app)/tasks/actions')).createTaskAction as ServerAction, {
            title: 'x',
            deadline: date,
          }),
      },
      {
        name: `event start ${date}`,
        field: 'startsAt',
        run: async () =>
          callRoute((await events()).POST, 'POST', { body: { title: 'x', startsAt: date, endsAt: inTwoHours() } }),
      },
      {
        name: `calendar range from ${date}`,
        field: 'from',
        run: async () => callRoute((await events()).GET, 'GET', { query: { from: date, to: inAnHour() } }),
      },
    );
  }
  const feedCursor = (createdAt: string) => Buffer.from(`${createdAt}|${uuid}`).toString('base64url');
  cases.push(
    {
      name: 'feed cursor on 30 February',
      field: 'cursor',
      run: async () =>
        callRoute((await feed()).GET, 'GET', { query: { cursor: feedCursor('2024-02-30T00:00:00.000000Z') } }),
    },
    {
      name: 'feed cursor in year 0',
      field: 'cursor',
      run: async () =>
        callRoute((await feed()).GET, 'GET', { query: { cursor: feedCursor('0000-01-01T00:00:00.000000Z') } }),
    },
    {
      name: 'feed cursor with a dash id',
      field: 'cursor',
      run: async () =>
        callRoute((await feed()).GET, 'GET', {
          query: { cursor: Buffer.from(`2024-01-01T00:00:00.000000Z|${'-'.repeat(36)}`).toString('base64url') },
        }),
    },
    {
      name: 'task list cursor on 30 February',
      field: 'cursor',
      run: async () =>
        callRoute((await tasks()).GET, 'GET', {
          query: { cursor: encodeListCursor({ key: '2024-02-30 00:00:00+00', id: uuid }) },
        }),
    },
  );
  for (const day of ['0000-01-01', '2024-02-30', '275760-09-14', '1899-12-31']) {
    for (const field of ['from', 'to']) {
      cases.push({
        name: `audit export ${field} ${day}`,
        field,
        admin: true,
        run: async () => callRoute((await auditExport()).GET, 'GET', { query: { [field]: day } }),
      });
    }
  }
  cases.push({
    name: 'audit export to the last day there is',
    status: 200,
    admin: true,
    run: async () => callRoute((await auditExport()).GET, 'GET', { query: { from: '1900-01-01', to: '9999-12-31' } }),
  });
  // An id that is not a UUID is an unknown mailbox: 36 dashes pass a check of length and alphabet only.
  for (const id of ['-'.repeat(36), '0123456789abcdef-0123456789abcdef-01', '\u0000', 'not-a-uuid']) {
    cases.push({
      name: `mailbox sync of ${JSON.stringify(id)}`,
      status: 404,
      run: async () => callRoute((await mailboxSync()).POST, 'POST', { params: { id } }),
    });
  }
  const upload = (filename: string, type = 'text/plain') => {
    const form = new FormData();
    form.append('file', new File(['hello'], filename, { type }));
    return form;
  };
  const uploads = () => import('@/app/api/mail/uploads/route');
  cases.push(
    // Kept, cleaned: a file's name comes from someone else's computer, and refusing the file would not help.
    {
      name: 'upload named with a null character',
      status: 200,
      run: async () => callRoute((await uploads()).POST, 'POST', { form: upload('report\u0000.pdf') }),
    },
    {
      name: 'upload named with half a surrogate pair',
      status: 200,
      run: async () =>
        callRoute((await uploads()).POST, 'POST', { form: upload('report \ud800.pdf', 'text/\u0000plain') }),
    },
    {
      name: 'upload without a file',
      status: 400,
      run: async () => callRoute((await uploads()).POST, 'POST', { form: new FormData() }),
    },
  );
  const purge = () => import('@/app/api/cron/purge/route');
  for (const authorization of [
    undefined,
    'Bearer ',
    'Bearer \u00ff\u00fe',
    `Bearer ${'x'.repeat(10_240)}`,
    'Basic Og==',
  ]) {
    cases.push({
      name: `cron purge with authorization ${JSON.stringify(authorization?.slice(0, 12))}`,
      status: 401,
      run: async () =>
        callRoute((await purge()).POST, 'POST', { headers: authorization === undefined ? {} : { authorization } }),
    });
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { field, status = 400, admin = false, run }) => {
    current.session = admin ? victim.sessions.adminNoGrant : owner;
    const outcome = await run();
    expect(outcome.status, outcome.text).toBe(status);
    if (field) expect(fieldErrorsOf(outcome), outcome.text).toHaveProperty([field]);
    expect(outcome.text).not.toMatch(LEAK);
  });
});

const pages = {
  tasks: () => import('@/app/(app)/tasks/page'),
  leads: () => import('@/app/(app)/crm/page'),
  contacts: () => import('@/app/(app)/crm/contacts/page'),
  audit: () => import('@/app/(app)/settings/audit/page'),
  calendar: () => import('@/app/(app)/calendar/page'),
  newEvent: () => import('@/app/(app)/calendar/events/new/page'),
};
const openPage = async (
  load: () => Promise<{ default: unknown }>,
  query: Record<string, string | string[]>,
  params?: Record<string, string>,
) => callPage((await load()).default as Page, query, params);

describe('list pages show the list for an odd query string, never an error page', () => {
  const garbage = 'garbage';
  const staleCursor = encodeListCursor({ key: '2024-02-30 00:00:00+00', id: uuid });
  type PageCase = {
    name: string;
    admin?: boolean;
    status?: number;
    run: () => Promise<Outcome>;
    refused: string[];
    shows: string[];
  };
  const pageCases: PageCase[] = [
    // The bad filter is left out and named; the good one stays.
    {
      name: '/tasks?q=%00&mine=1',
      run: () => openPage(pages.tasks, { q: 'a\u0000b', mine: '1' }),
      refused: ['q'],
      shows: ['"values":{"q":"","mine":true}'],
    },
    {
      name: '/tasks?status=bogus&q=task',
      run: () => openPage(pages.tasks, { status: 'bogus', q: 'task' }),
      refused: ['status'],
      shows: [`${SECRET} task`, '"values":{"q":"task","mine":false}'],
    },
    // A cursor that is not ours, or no longer valid, gives the first page without a word.
    {
      name: '/tasks?cursor=garbage',
      run: () => openPage(pages.tasks, { cursor: garbage }),
      refused: [],
      shows: [`${SECRET} task`],
    },
    {
      name: '/tasks?cursor=<30 February>',
      run: () => openPage(pages.tasks, { cursor: staleCursor }),
      refused: [],
      shows: [`${SECRET} task`],
    },
    {
      name: '/tasks?q=a&q=b',
      run: () => openPage(pages.tasks, { q: ['a', 'b'] }),
      refused: [],
      shows: [`${SECRET} task`],
    },
    {
      name: '/crm?cursor=garbage',
      run: () => openPage(pages.leads, { cursor: garbage }),
      refused: [],
      shows: [`${SECRET} lead`],
    },
    {
      name: '/crm?cursor=<30 February>&status=bogus',
      run: () => openPage(pages.leads, { cursor: staleCursor, status: 'bogus' }),
      refused: [],
      shows: [`${SECRET} lead`],
    },
    {
      name: '/crm/contacts?q=%00',
      run: () => openPage(pages.contacts, { q: '\u0000' }),
      refused: ['q'],
      shows: ['Cleo Contact'],
    },
    {
      name: '/crm/contacts?q=<half a surrogate pair>',
      run: () => openPage(pages.contacts, { q: 'Cl\ud800' }),
      refused: ['q'],
      shows: ['Cleo Contact'],
    },
    {
      name: '/crm/contacts?cursor=garbage',
      run: () => openPage(pages.contacts, { cursor: garbage }),
      refused: [],
      shows: ['Cleo Contact'],
    },
    {
      name: '/settings/audit?from=0000-01-01&group=access',
      admin: true,
      run: () => openPage(pages.audit, { from: '0000-01-01', group: 'access' }),
      refused: ['from'],
      shows: ['/api/audit/export?group=access"'],
    },
    {
      name: '/settings/audit?to=2024-02-30&cursor=garbage',
      admin: true,
      run: () => openPage(pages.audit, { to: '2024-02-30', cursor: garbage }),
      refused: ['to'],
      shows: ['data-testid":"audit-export'],
    },
    {
      name: '/calendar?week=0000-01-01',
      run: () => openPage(pages.calendar, { week: '0000-01-01' }),
      refused: [],
      shows: [],
    },
    {
      name: '/calendar/events/new?day=%00',
      run: () => openPage(pages.newEvent, { day: '\u0000' }),
      refused: [],
      shows: [],
    },
    // Not a UUID, so no such mailbox: this app's 404 page.
    {
      name: '/settings/mailboxes/<36 dashes>',
      admin: true,
      status: 404,
      run: () => openPage(() => import('@/app/(app)/settings/mailboxes/[id]/page'), {}, { id: '-'.repeat(36) }),
      refused: [],
      shows: [],
    },
  ];

  it.each(pageCases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, { admin = false, status = 200, run, refused, shows }) => {
      current.session = admin ? victim.sessions.adminNoGrant : owner;
      const outcome = await run();
      expect(outcome.status, outcome.text).toBe(status);
      const shown = [...outcome.text.matchAll(/"refused":(\[[^\]]*\])/g)].flatMap((m) =>
        (JSON.parse(m[1]!) as Array<{ field: string }>).map((r) => r.field),
      );
      expect(shown).toEqual(refused);
      for (const text of shows) expect(outcome.text).toContain(text);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
// The randomized sweep: every target gets seeded random payloads of odd values. ODD_VALUES_SEED=<n> replays a
// run (the seed is printed), ODD_VALUES_RUNS=<n> sets how many payloads each target gets.

type RouteTarget = {
  kind: 'route';
  name: string;
  method: string;
  handler: () => Promise<Handler>;
  template: (ids: Ids) => RouteCall;
};
type ActionTarget = {
  kind: 'action';
  name: string;
  action: () => Promise<ServerAction>;
  template: (ids: Ids) => Record<string, string>;
};
type PageTarget = {
  kind: 'page';
  name: string;
  load: () => Promise<{ default: unknown }>;
  template: (ids: Ids) => Record<string, string>;
};
type Target = RouteTarget | ActionTarget | PageTarget;
const page = (
  name: string,
  load: () => Promise<{ default: unknown }>,
  template: (ids: Ids) => Record<string, string>,
): PageTarget => ({ kind: 'page', name, load, template });

const route = (
  name: string,
  method: string,
  handler: () => Promise<Record<string, unknown>>,
  template: (ids: Ids) => RouteCall,
): RouteTarget => ({
  kind: 'route',
  name: `${method} ${name}`,
  method,
  handler: async () => (await handler())[method] as Handler,
  template,
});
const action = (
  name: string,
  load: () => Promise<Record<string, unknown>>,
  template: (ids: Ids) => Record<string, string>,
): ActionTarget => ({
  kind: 'action',
  name,
  action: async () => (await load())[name] as ServerAction,
  template,
});

const attachment = () => import('@/app/api/mail/attachments/[id]/route');
const taskActions = () => import('@/app/(app)/tasks/actions');
const crmActions = () => import('@/app/(app)/crm/actions');
const eventForm = (): Record<string, string> => ({
  title: 'Review',
  startsAt: inAnHour(),
  endsAt: inTwoHours(),
  attendees: 'Ann <ann@client.test>',
  description: 'Agenda',
});
const profileActions = () => import('@/app/(app)/settings/mailboxes/[id]/actions');
const accessActions = () => import('@/app/(app)/settings/mailboxes/access-actions');

const targets: Target[] = [
  route('/api/tasks', 'GET', tasks, () => ({ query: { status: 'open', mine: '1', q: 'report', cursor: '' } })),
  route('/api/tasks', 'POST', tasks, (i) => ({
    body: {
      title: 'Call back',
      description: 'Soon',
      deadline: inAnHour(),
      responsibleUserId: i.ownerId,
      messageIds: [i.messageId],
    },
  })),
  route('/api/tasks/[id]', 'GET', task, (i) => ({ params: { id: i.taskId } })),
  route('/api/tasks/[id]', 'PATCH', task, (i) => ({
    params: { id: i.taskId },
    body: { title: 'Changed', description: 'More', status: 'done', deadline: null, responsibleUserId: i.ownerId },
  })),
  route(
    '/api/tasks/[id]/deletion-preview',
    'GET',
    () => import('@/app/api/tasks/[id]/deletion-preview/route'),
    (i) => ({ params: { id: i.taskId } }),
  ),
  route(
    '/api/tasks/[id]/links',
    'POST',
    () => import('@/app/api/tasks/[id]/links/route'),
    (i) => ({ params: { id: i.taskId }, body: { messageIds: [i.messageId] } }),
  ),
  route(
    '/api/tasks/[id]/links/[messageId]',
    'DELETE',
    () => import('@/app/api/tasks/[id]/links/[messageId]/route'),
    (i) => ({ params: { id: i.taskId, messageId: String(i.messageId) } }),
  ),
  route('/api/calendar/events', 'GET', events, () => ({ query: { from: inAnHour(), to: inTwoHours() } })),
  route('/api/calendar/events', 'POST', events, (i) => ({
    body: {
      title: 'Meeting',
      startsAt: inAnHour(),
      endsAt: inTwoHours(),
      attendees: [{ name: 'Ann', address: 'ann@client.test' }],
      description: 'Room 2',
      sourceMessageId: i.messageId,
    },
  })),
  route('/api/calendar/events/[id]', 'GET', event, (i) => ({ params: { id: i.eventId } })),
  route('/api/calendar/events/[id]', 'PATCH', event, (i) => ({
    params: { id: i.eventId },
    body: { title: 'Moved', startsAt: inAnHour(), endsAt: inTwoHours(), attendees: [], description: '' },
  })),
  route('/api/chat', 'POST', chats, (i) => ({
    body: { title: 'Topic', memberUserIds: [i.employeeId], messageId: i.messageId, firstMessage: 'Hello' },
  })),
  route(
    '/api/chat/[id]',
    'GET',
    () => import('@/app/api/chat/[id]/route'),
    (i) => ({ params: { id: i.chatId } }),
  ),
  route('/api/chat/[id]/posts', 'GET', chatPosts, (i) => ({ params: { id: i.chatId }, query: { after: '0' } })),
  route('/api/chat/[id]/posts', 'POST', chatPosts, (i) => ({ params: { id: i.chatId }, body: { body: 'Hi' } })),
  route(
    '/api/chat/[id]/members',
    'POST',
    () => import('@/app/api/chat/[id]/members/route'),
    (i) => ({ params: { id: i.chatId }, body: { userIds: [i.employeeId] } }),
  ),
  route('/api/feed', 'GET', feed, () => ({ query: { cursor: '' } })),
  route('/api/feed', 'POST', feed, (i) => ({ body: { body: 'News', quotedMessageId: i.messageId } })),
  route(
    '/api/feed/[id]',
    'DELETE',
    () => import('@/app/api/feed/[id]/route'),
    (i) => ({ params: { id: i.feedPostId } }),
  ),
  route(
    '/api/crm/save',
    'POST',
    () => import('@/app/api/crm/save/route'),
    (i) => ({ body: { messageId: i.messageId } }),
  ),
  route(
    '/api/crm/activities/[id]/body',
    'GET',
    () => import('@/app/api/crm/activities/[id]/body/route'),
    (i) => ({ params: { id: i.activityId } }),
  ),
  route(
    '/api/crm/attachments/[id]',
    'GET',
    () => import('@/app/api/crm/attachments/[id]/route'),
    (i) => ({ params: { id: String(i.crmFileId) } }),
  ),
  action('createTaskAction', taskActions, (i) => ({
    title: 'Call back',
    description: 'Soon',
    responsibleUserId: i.ownerId,
    deadline: inAnHour(),
  })),
  action('updateTaskAction', taskActions, (i) => ({
    taskId: i.taskId,
    title: 'Changed',
    description: '',
    status: 'in_progress',
    deadline: '',
    responsibleUserId: i.ownerId,
  })),
  action('changeTaskStatusAction', taskActions, (i) => ({ taskId: i.taskId, status: 'done' })),
  action('unlinkTaskMessageAction', taskActions, (i) => ({ taskId: i.taskId, messageId: String(i.messageId) })),
  action(
    'createChatAction',
    () => import('@/app/(app)/chat/actions'),
    (i) => ({ title: 'Topic', memberUserIds: i.employeeId, firstMessage: 'Hello' }),
  ),
  action('createContactAction', crmActions, (i) => ({
    name: 'Dora',
    emails: 'dora@client.test',
    company: 'Acme',
    responsibleUserId: i.ownerId,
  })),
  action('updateContactAction', crmActions, (i) => ({
    contactId: i.contactId,
    name: 'Cleo',
    emails: 'cleo@client.test',
    company: '',
    responsibleUserId: '',
  })),
  action('updateLeadAction', crmActions, (i) => ({
    leadId: i.leadId,
    title: 'Lead',
    status: 'in_progress',
    responsibleUserId: i.ownerId,
  })),
  action(
    'addCrmExceptionAction',
    () => import('@/app/(app)/settings/crm/actions'),
    () => ({ value: 'spam.test' }),
  ),
  action(
    'removeCrmExceptionAction',
    () => import('@/app/(app)/settings/crm/actions'),
    () => ({ exceptionId: uuid }),
  ),
  action('createEventAction', () => import('@/app/(app)/calendar/events/new/actions'), eventForm),
  action(
    'updateEventAction',
    () => import('@/app/(app)/calendar/events/[id]/edit/actions'),
    (i) => ({ ...eventForm(), eventId: i.eventId }),
  ),
  action('updateMailboxProfileAction', profileActions, (i) => ({
    mailboxId: i.mailboxId,
    displayName: 'Sales',
    senderName: 'Sales',
    signatureHtml: '<p>Regards</p>',
    sendingRoute: 'own',
  })),
  action('setMailboxFoldersAction', profileActions, (i) => ({ mailboxId: i.mailboxId, folder: String(i.folderId) })),
  action('setMailboxEnabledAction', profileActions, (i) => ({ mailboxId: i.mailboxId, enabled: 'true' })),
  action(
    'updateMailboxCrmSettingsAction',
    () => import('@/app/(app)/settings/mailboxes/crm-actions'),
    (i) => ({ mailboxId: i.mailboxId, enabled: 'on', windowDays: '7', routeToManager: 'on', createLeads: 'on' }),
  ),
  action('grantMailboxAccessAction', accessActions, (i) => ({
    mailboxId: i.mailboxId,
    userId: i.readerId,
    level: 'read',
  })),
  action('revokeMailboxAccessAction', accessActions, (i) => ({ mailboxId: i.mailboxId, userId: i.employeeId })),
  action(
    'updateLocaleAction',
    () => import('@/app/(app)/settings/actions'),
    () => ({ locale: 'en' }),
  ),
  action(
    'changeUserRoleAction',
    () => import('@/app/(app)/settings/users/actions'),
    (i) => ({ userId: i.employeeId, role: 'employee' }),
  ),
  action(
    'previewPlanChangeAction',
    () => import('@/app/(app)/settings/plan/actions'),
    (i) => ({ plan: 'basic', keep: i.mailboxId }),
  ),
  action(
    'signInAction',
    () => import('@/app/(auth)/sign-in/actions'),
    () => ({ email: 'someone@example.test', password: 'a long password', callbackUrl: '/mail' }),
  ),
  route('/api/audit/export', 'GET', auditExport, (i) => ({
    query: {
      group: 'access',
      action: 'mailbox.access_granted',
      actorUserId: i.ownerId,
      mailboxId: i.mailboxId,
      from: '2026-01-01',
      to: '2026-12-31',
    },
  })),
  route('/api/mail/mailboxes/[id]/sync', 'POST', mailboxSync, (i) => ({ params: { id: i.mailboxId } })),
  route('/api/mail/mailboxes/[id]/sync', 'GET', mailboxSync, (i) => ({
    params: { id: i.mailboxId },
    query: { since: '2026-01-01T00:00:00Z' },
  })),
  route(
    '/api/colleagues',
    'GET',
    () => import('@/app/api/colleagues/route'),
    () => ({}),
  ),
  route(
    '/api/presence',
    'POST',
    () => import('@/app/api/presence/route'),
    () => ({}),
  ),
  route(
    '/api/mail/folders',
    'GET',
    () => import('@/app/api/mail/folders/route'),
    () => ({}),
  ),
  route('/api/mail/attachments/[id]', 'GET', attachment, (i) => ({
    params: { id: String(i.attachmentId) },
    query: { inline: '1' },
  })),
  route('/api/mail/attachments/[id] (signed)', 'GET', attachment, (i) => ({
    params: { id: String(i.attachmentId) },
    query: { u: i.ownerId, e: String(Math.floor(Date.now() / 1000) + 600), s: 'A'.repeat(43) },
  })),
  route(
    '/api/mail/drafts',
    'POST',
    () => import('@/app/api/mail/drafts/route'),
    (i) => ({
      body: {
        mailboxId: i.mailboxId,
        to: ['ann@client.test'],
        cc: [],
        bcc: [],
        subject: 'Draft',
        html: '<p>Draft</p>',
      },
    }),
  ),
  route(
    '/api/mail/drafts/delete',
    'POST',
    () => import('@/app/api/mail/drafts/delete/route'),
    (i) => ({ body: { mailboxId: i.mailboxId, uid: 1 } }),
  ),
  route(
    '/api/mail/send',
    'POST',
    () => import('@/app/api/mail/send/route'),
    (i) => ({
      body: {
        mailboxId: i.mailboxId,
        clientKey: 'odd-values-send',
        to: ['ann@client.test'],
        cc: [],
        bcc: [],
        subject: 'Hi',
        html: '<p>Hi</p>',
        uploadIds: [i.uploadId],
        forwardAttachmentIds: [i.attachmentId],
      },
    }),
  ),
  route(
    '/api/mail/trusted-senders',
    'POST',
    () => import('@/app/api/mail/trusted-senders/route'),
    () => ({ body: { address: 'news@sender.test' } }),
  ),
  page('/tasks', pages.tasks, () => ({
    q: 'task',
    status: 'open',
    mine: '1',
    cursor: encodeListCursor({ key: '2099-01-01T00:00:00.000000Z', id: uuid }),
    deleted: '2',
  })),
  page('/crm', pages.leads, () => ({
    status: 'new',
    cursor: encodeListCursor({ key: '2099-01-01T00:00:00.000000Z', id: uuid }),
  })),
  page('/crm/contacts', pages.contacts, () => ({ q: 'cleo', cursor: encodeListCursor({ key: 'A', id: uuid }) })),
  page('/settings/audit', pages.audit, (i) => ({
    group: 'access',
    action: 'mailbox.access_granted',
    actorUserId: i.ownerId,
    mailboxId: i.mailboxId,
    from: '2026-01-01',
    to: '2099-12-31',
  })),
  page('/calendar', pages.calendar, () => ({ week: '2026-05-04' })),
  page('/calendar/events/new', pages.newEvent, () => ({ day: '2026-05-05' })),
  // Last: with a valid id these delete the fixtures the targets above work on.
  action('convertLeadAction', crmActions, (i) => ({ leadId: i.leadId })),
  action(
    'deleteEventAction',
    () => import('@/app/(app)/calendar/events/[id]/actions'),
    (i) => ({ eventId: i.eventId }),
  ),
  action('deleteTaskAction', taskActions, (i) => ({ taskId: i.taskId })),
  route('/api/calendar/events/[id]', 'DELETE', event, (i) => ({ params: { id: i.eventId } })),
  route('/api/tasks/[id]', 'DELETE', task, (i) => ({ params: { id: i.taskId } })),
  route(
    '/api/mail/uploads/[id]',
    'DELETE',
    () => import('@/app/api/mail/uploads/[id]/route'),
    (i) => ({ params: { id: i.uploadId } }),
  ),
];

describe('randomized odd-values sweep', () => {
  const seed = Number(process.env.ODD_VALUES_SEED ?? 20_260_516);
  const runs = Number(process.env.ODD_VALUES_RUNS ?? 30);

  it(`no payload gets a 500 (seed ${seed}, ${runs} payloads per target)`, async () => {
    process.stdout.write(`odd-values sweep: seed ${seed} (replay with ODD_VALUES_SEED=${seed})\n`);
    const rng = new Rng(seed);
    const failures: string[] = [];
    for (const target of targets) {
      for (let run = 0; run < runs; run++) {
        current.session = rng.pick(sessions);
        unexpected.length = 0;
        let payload: unknown;
        let outcome: Outcome;
        if (target.kind === 'route') {
          const template = target.template(ids);
          const params = Object.fromEntries(
            Object.entries(template.params ?? {}).map(([k, v]) => [k, oddParam(rng, v)]),
          );
          const mutated: RouteCall = {
            params,
            query:
              template.query && rng.chance(0.8)
                ? mutateFields(rng, template.query as Record<string, string>)
                : template.query,
            body:
              template.body && rng.chance(0.8)
                ? mutateBody(rng, template.body as Record<string, unknown>)
                : template.body,
          };
          payload = mutated;
          outcome = await callRoute(await target.handler(), target.method, mutated);
        } else if (target.kind === 'page') {
          const query = mutateFields(rng, target.template(ids));
          payload = query;
          outcome = await callPage((await target.load()).default as Page, query);
        } else {
          const fields = mutateFields(rng, target.template(ids));
          payload = fields;
          outcome = await callAction(await target.action(), fields);
        }
        // 502–504 say a mail server did not answer (the fixtures' mailboxes point at nothing): an answer, not a failure.
        if (outcome.status === 500 || unexpected.length > 0 || LEAK.test(outcome.text)) {
          const shown = JSON.stringify(payload).slice(0, 400);
          failures.push(
            `${target.name} run ${run} (seed ${seed}) → ${outcome.status}: ${shown}\n    ${(unexpected[0] ?? outcome.text).slice(0, 600)}`,
          );
        }
      }
    }
    expect(failures, `odd-values sweep seed ${seed}`).toEqual([]);
  }, 600_000);
});
