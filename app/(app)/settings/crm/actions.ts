'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { addCrmException } from '@/lib/crm/add-crm-exception';
import { removeCrmException } from '@/lib/crm/remove-crm-exception';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const addCrmExceptionAction = authedAction(
  z.object({ value: z.string().default('') }),
  async ({ value }, session) => {
    const added = await addCrmException(getDb(), { actor: actorOf(session), value });
    revalidatePath('/settings/crm');
    return { kind: added.kind, value: added.value };
  },
);

export const removeCrmExceptionAction = authedAction(
  z.object({ exceptionId: z.string() }),
  async ({ exceptionId }, session) => {
    await removeCrmException(getDb(), { actor: actorOf(session), exceptionId });
    revalidatePath('/settings/crm');
  },
);
