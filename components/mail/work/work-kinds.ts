// What can be made from a message (SPEC §6). "crm" needs no form: it is saved at once or refused with the reason.
export const workKinds = ['task', 'linkTask', 'crm', 'calendar', 'chat', 'feed'] as const;
export type WorkKind = (typeof workKinds)[number];

// Kinds that make sense for several messages at once; the others are about one message.
export const multiMessageKinds: readonly WorkKind[] = ['task', 'linkTask', 'crm'];

/** Whether `kind` cannot be made from `count` messages at once (an event, a chat or a post is about one). */
export function singleMessageOnly(kind: WorkKind, count: number): boolean {
  return count > 1 && !multiMessageKinds.includes(kind);
}

export type WorkSource = { id: number; subject: string; fromName: string | null; fromAddress: string | null };
export type WorkRequest = { kind: Exclude<WorkKind, 'crm'>; sources: WorkSource[] };
