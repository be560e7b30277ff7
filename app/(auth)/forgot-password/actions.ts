'use server';

import { headers } from 'next/headers';
import { after } from 'next/server';
import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestPasswordReset } from '@/lib/auth/request-password-reset';
import { validatedAction } from '@/server/action';
import { clientAddress } from '@/server/client-address';
import { linkBaseUrl } from '@/server/link-base-url';

// The answer is the same whether the account exists: the lookup and the mail run after the response.
export const forgotPasswordAction = validatedAction(z.object({ email: z.string().max(254) }), async ({ email }) => {
  const { delivery } = await requestPasswordReset(getDb(), {
    email,
    ip: clientAddress(await headers()),
    baseUrl: await linkBaseUrl(),
    locale: await getLocale(),
  });
  after(() => delivery);
});
