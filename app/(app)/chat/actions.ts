'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { createChat } from '@/lib/chat/create-chat';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// One ticked box arrives as a string, several as an array, none as nothing.
const checkedIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

export const createChatAction = authedAction(
  z.object({ title: z.string().optional(), memberUserIds: checkedIds, firstMessage: z.string().optional() }),
  async (input, session) => {
    const { id } = await createChat(getDb(), { actor: actorOf(session), input });
    redirect(`/chat/${id}`);
  },
);
