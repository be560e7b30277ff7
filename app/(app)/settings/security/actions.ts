'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { confirmTwoFactorEnrolment } from '@/lib/auth/two-factor/confirm-enrolment';
import { disableTwoFactor } from '@/lib/auth/two-factor/disable-two-factor';
import { regenerateRecoveryCodes } from '@/lib/auth/two-factor/regenerate-recovery-codes';
import { setOrgTwoFactorRequirement } from '@/lib/auth/two-factor/require-for-organization';
import { startTwoFactorEnrolment } from '@/lib/auth/two-factor/start-enrolment';
import { authedAction, validatedAction } from '@/server/action';
import { actorOf, requireSessionForTwoFactorSetup } from '@/server/session';

// Setting up is also what a user must do when the organization requires two-factor, before anything else:
// these two accept such a session (the others, like every other action, do not).
export const startTwoFactorAction = validatedAction(z.object({}), async () => {
  const session = await requireSessionForTwoFactorSetup();
  const { secret, otpauthUri, qrDataUrl } = await startTwoFactorEnrolment(getDb(), {
    userId: session.user.id,
    actor: actorOf(session),
  });
  return { secret, otpauthUri, qrDataUrl };
});

export const confirmTwoFactorAction = validatedAction(z.object({ code: z.string().max(20) }), async ({ code }) => {
  const session = await requireSessionForTwoFactorSetup();
  // No revalidation: the page would re-render as "on" (or leave the set-up page) before the recovery codes
  // were read. The form's Done link loads the page afresh.
  return confirmTwoFactorEnrolment(getDb(), { userId: session.user.id, code, actor: actorOf(session) });
});

const proofSchema = z.object({ code: z.string().max(20).optional(), password: z.string().max(256).optional() });

export const regenerateRecoveryCodesAction = authedAction(proofSchema, async (proof, session) => {
  // Not revalidated either, for the same reason: the new codes are shown in place of the form.
  return regenerateRecoveryCodes(getDb(), { userId: session.user.id, actor: actorOf(session), ...proof });
});

export const disableTwoFactorAction = authedAction(proofSchema, async (proof, session) => {
  await disableTwoFactor(getDb(), { userId: session.user.id, actor: actorOf(session), ...proof });
  revalidatePath('/', 'layout');
});

export const setOrgTwoFactorAction = authedAction(
  z.object({ required: z.enum(['on']).optional() }),
  async ({ required }, session) => {
    await setOrgTwoFactorRequirement(getDb(), {
      orgId: session.org.id,
      required: required === 'on',
      actor: actorOf(session),
    });
    revalidatePath('/', 'layout');
  },
);
