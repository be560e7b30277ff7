'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { enqueueJob } from '@/lib/jobs/boss';
import { changePlan, previewPlanChange } from '@/lib/plans/change-plan';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

const planChangeSchema = z.object({
  plan: z.string(),
  keep: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? undefined : [value].flat())),
});

export const previewPlanChangeAction = authedAction(planChangeSchema, async (input, session) =>
  previewPlanChange(getDb(), { orgId: session.org.id, plan: input.plan, actor: actorOf(session) }),
);

export const changePlanAction = authedAction(planChangeSchema, async (input, session) => {
  const result = await changePlan(getDb(), {
    orgId: session.org.id,
    plan: input.plan,
    keepMailboxIds: input.keep,
    actor: actorOf(session),
  });
  // Mail stopped: the unlinked local copies go in the background, in batches.
  if (result.unlinkedMessagesToDelete > 0)
    await enqueueJob('plans-delete-unlinked-messages', { orgId: session.org.id });
  revalidatePath('/', 'layout');
  return { plan: result.org.plan };
});
