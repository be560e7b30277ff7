import { normalizeSubject } from './normalize-subject';

export type ThreadCandidate = {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  receivedAt: Date;
};
export type KnownRef = { ref: string; threadId: number };
export type SubjectThread = { threadId: number; subjectKey: string; firstAt: number; latestAt: number };
export type ThreadPlan = {
  /** Per message, in the order given: an existing thread, or the index of a thread in `created`. */
  threadOf: Array<{ threadId: number } | { created: number }>;
  created: Array<{ subjectKey: string; firstAt: number; latestAt: number }>;
  /** Existing threads this batch bridges: each `drop` moves into the older `keep`. */
  merges: Array<{ drop: number; keep: number }>;
  /** thread_refs rows to write (those not already right): to an existing thread or to a created one. */
  refs: Array<{ ref: string; threadId: number | null; created: number | null }>;
};

const DAY_MS = 86_400_000;
// Subject fallback windows around a thread's first and latest message. A "Re:"/"AW:" without usable
// References joins a same-subject thread within 30 days; a message with neither a prefix nor any reference
// header only within 7 (newsletters and reports reuse one subject every month and must stay apart).
export const REPLY_WINDOW_MS = 30 * DAY_MS;
const PLAIN_WINDOW_MS = 7 * DAY_MS;
// thread_refs' primary key is a btree: keys over ~2,700 bytes cannot be indexed. Real Message-IDs are short.
const MAX_REF_LENGTH = 500;

type Plan = { ids: string[]; key: string; window: number; receivedAt: number };
type Slot = { dbId: number | null; order: number; key: string; firstAt: number; latestAt: number };

/** What to look up before planning: every id the batch names, and the subjects that may fall back. */
export function lookupKeys(messages: ThreadCandidate[]) {
  const plans = messages.map(planOf);
  const times = plans.map((p) => p.receivedAt);
  return {
    ids: [...new Set(plans.flatMap((p) => p.ids))],
    subjectKeys: [...new Set(plans.filter((p) => p.window > 0).map((p) => p.key))],
    from: new Date(Math.min(...times) - REPLY_WINDOW_MS),
    to: new Date(Math.max(...times) + REPLY_WINDOW_MS),
  };
}

/**
 * The threading decision for a batch, in memory (JWZ-style on ids only): a message joins every thread that
 * knows its Message-ID, In-Reply-To or References (a child before its parent works: the child registers the
 * parent's id); threads bridged by one message merge into the oldest. Without a known id, the bounded subject
 * fallback; otherwise a new thread. Messages are taken oldest first, so a batch's original creates the thread
 * its later replies find by subject.
 */
export function planThreads(messages: ThreadCandidate[], known: KnownRef[], subjects: SubjectThread[]): ThreadPlan {
  const plans = messages.map(planOf);
  // Union-find over slots (threads that exist and threads this batch creates). The root is the oldest.
  const slots: Slot[] = [];
  const parent: number[] = [];
  const slotOfDb = new Map<number, number>();
  const slotFor = (dbId: number | null, key: string, firstAt: number, latestAt: number): number => {
    const existing = dbId === null ? undefined : slotOfDb.get(dbId);
    if (existing !== undefined) return existing;
    const index = slots.push({ dbId, order: slots.length, key, firstAt, latestAt }) - 1;
    parent.push(index);
    if (dbId !== null) slotOfDb.set(dbId, index);
    return index;
  };
  const find = (slot: number): number => {
    let root = slot;
    while (parent[root] !== root) root = parent[root]!;
    for (let s = slot; parent[s] !== root; ) [s, parent[s]] = [parent[s]!, root];
    return root;
  };
  const older = (a: Slot, b: Slot) =>
    a.dbId !== null && b.dbId !== null ? a.dbId < b.dbId : a.dbId !== null || (b.dbId === null && a.order < b.order);
  const union = (a: number, b: number): number => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return ra;
    const [keep, drop] = older(slots[ra]!, slots[rb]!) ? [ra, rb] : [rb, ra];
    parent[drop] = keep;
    const k = slots[keep]!;
    const d = slots[drop]!;
    k.firstAt = Math.min(k.firstAt, d.firstAt);
    k.latestAt = Math.max(k.latestAt, d.latestAt);
    return keep;
  };

  const refSlot = new Map<string, number>();
  const knownRef = new Map<string, number>();
  for (const row of known) {
    const id = row.threadId;
    knownRef.set(row.ref, id);
    refSlot.set(row.ref, slotFor(id, '', Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
  }
  const bySubject = new Map<string, number[]>();
  for (const row of subjects) {
    const slot = slotFor(row.threadId, row.subjectKey, row.firstAt, row.latestAt);
    const s = slots[slot]!;
    s.key = row.subjectKey;
    s.firstAt = Math.min(s.firstAt, row.firstAt);
    s.latestAt = Math.max(s.latestAt, row.latestAt);
    pushTo(bySubject, row.subjectKey, slot);
  }

  const order = plans.map((_, i) => i).sort((a, b) => plans[a]!.receivedAt - plans[b]!.receivedAt);
  const slotOfMessage: number[] = new Array(plans.length);
  for (const i of order) {
    const plan = plans[i]!;
    let slot: number | null = null;
    for (const id of plan.ids) {
      const found = refSlot.get(id);
      if (found !== undefined) slot = slot === null ? find(found) : union(slot, found);
    }
    if (slot === null && plan.window > 0) slot = bySubjectMatch(bySubject.get(plan.key), plan, slots, find);
    if (slot === null) {
      slot = slotFor(null, plan.key, plan.receivedAt, plan.receivedAt);
      if (plan.key) pushTo(bySubject, plan.key, slot);
    }
    const root = slots[slot]!;
    root.firstAt = Math.min(root.firstAt, plan.receivedAt);
    root.latestAt = Math.max(root.latestAt, plan.receivedAt);
    for (const id of plan.ids) refSlot.set(id, slot);
    slotOfMessage[i] = slot;
  }

  const merges: ThreadPlan['merges'] = [];
  slots.forEach((s, i) => {
    if (s.dbId !== null && find(i) !== i) merges.push({ drop: s.dbId, keep: slots[find(i)]!.dbId! });
  });
  const createdSlots = slots.filter((s, i) => s.dbId === null && find(i) === i);
  const createdIndex = new Map(createdSlots.map((s, i) => [s, i]));
  const refs: ThreadPlan['refs'] = [];
  for (const [ref, slot] of refSlot) {
    const root = slots[find(slot)]!;
    if (root.dbId !== null && knownRef.get(ref) === root.dbId) continue;
    refs.push({ ref, threadId: root.dbId, created: createdIndex.get(root) ?? null });
  }
  return {
    threadOf: slotOfMessage.map((slot) => {
      const root = slots[find(slot)]!;
      return root.dbId !== null ? { threadId: root.dbId } : { created: createdIndex.get(root)! };
    }),
    created: createdSlots.map((s) => ({ subjectKey: s.key, firstAt: s.firstAt, latestAt: s.latestAt })),
    merges,
    refs,
  };
}

function planOf(message: ThreadCandidate): Plan {
  const ids = [message.messageId, message.inReplyTo, ...message.references]
    .map((id) => id?.trim() ?? '')
    .filter((id) => id.length > 2 && id.length <= MAX_REF_LENGTH);
  const { key, replyOrForward } = normalizeSubject(message.subject);
  const noReferences = message.references.length === 0 && !message.inReplyTo;
  const window = key === '' ? 0 : replyOrForward ? REPLY_WINDOW_MS : noReferences ? PLAIN_WINDOW_MS : 0;
  return { ids: [...new Set(ids)], key, window, receivedAt: message.receivedAt.getTime() };
}

/** The same-subject thread whose span, widened by the window, holds the message; the nearest if several. */
function bySubjectMatch(
  candidates: number[] | undefined,
  plan: Plan,
  slots: Slot[],
  find: (slot: number) => number,
): number | null {
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates ?? []) {
    const slot = find(candidate);
    const s = slots[slot]!;
    if (plan.receivedAt < s.firstAt - plan.window || plan.receivedAt > s.latestAt + plan.window) continue;
    const distance =
      plan.receivedAt < s.firstAt ? s.firstAt - plan.receivedAt : Math.max(0, plan.receivedAt - s.latestAt);
    if (distance < bestDistance) [best, bestDistance] = [slot, distance];
  }
  return best;
}

function pushTo(map: Map<string, number[]>, key: string, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
