import { describe, expect, it } from 'vitest';
import { planThreads, type ThreadCandidate } from './plan-threads';

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY);
const msg = (
  id: string | null,
  subject: string,
  day: number,
  extra: Partial<ThreadCandidate> = {},
): ThreadCandidate => ({
  messageId: id,
  inReplyTo: null,
  references: [],
  subject,
  receivedAt: at(day),
  ...extra,
});

describe('planThreads', () => {
  it('merges the threads a message bridges into the oldest and points every ref at it', () => {
    const plan = planThreads(
      [msg('<m>', 'Re: x', 10, { references: ['<a>', '<b>'] })],
      [
        { ref: '<a>', threadId: 7 },
        { ref: '<b>', threadId: 3 },
      ],
      [],
    );
    expect(plan.threadOf).toEqual([{ threadId: 3 }]);
    expect(plan.merges).toEqual([{ drop: 7, keep: 3 }]);
    expect(plan.created).toEqual([]);
    expect(plan.refs).toEqual(
      expect.arrayContaining([
        { ref: '<m>', threadId: 3, created: null },
        { ref: '<a>', threadId: 3, created: null },
      ]),
    );
    expect(plan.refs.find((r) => r.ref === '<b>')).toBeUndefined();
  });

  it('joins a batch child and parent in either order, with one new thread', () => {
    const plan = planThreads(
      [msg('<c>', 'Re: plan', 2, { inReplyTo: '<p>', references: ['<p>'] }), msg('<p>', 'Plan', 1)],
      [],
      [],
    );
    expect(plan.threadOf).toEqual([{ created: 0 }, { created: 0 }]);
    expect(plan.created).toEqual([{ subjectKey: 'plan', firstAt: at(1).getTime(), latestAt: at(2).getTime() }]);
  });

  it.each<[string, string, number, Partial<ThreadCandidate>, { threadId: number } | { created: number }]>([
    ['a reply 29 days after the latest message joins', 'Re: Budget', 40, {}, { threadId: 5 }],
    ['a reply 31 days after does not', 'Re: Budget', 42, {}, { created: 0 }],
    ['a reply 29 days before the first message joins', 'Re: Budget', -19, {}, { threadId: 5 }],
    ['a plain message 6 days after joins', 'Budget', 17, {}, { threadId: 5 }],
    ['a plain message 8 days after does not', 'Budget', 19, {}, { created: 0 }],
    ['a plain message with References never does', 'Budget', 12, { references: ['<elsewhere>'] }, { created: 0 }],
    ['another subject does not', 'Re: Budget 2', 12, {}, { created: 0 }],
  ])('subject fallback: %s', (_name, subject, day, extra, expected) => {
    const plan = planThreads(
      [msg('<n>', subject, day, extra)],
      [],
      [{ threadId: 5, subjectKey: 'budget', firstAt: at(10).getTime(), latestAt: at(11).getTime() }],
    );
    expect(plan.threadOf).toEqual([expected]);
  });
});
