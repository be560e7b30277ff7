'use server';

import { getDb } from '@/db/client';
import { completeSetup, setupSchema } from '@/lib/setup/complete-setup';
import { validatedAction } from '@/server/action';
import { signIn } from '@/server/auth';

export const setupAction = validatedAction(setupSchema, async (input) => {
  await completeSetup(getDb(), input);
  await signIn('credentials', { email: input.adminEmail, password: input.password, redirectTo: '/mail' });
});
