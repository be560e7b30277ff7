'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { convertLead } from '@/lib/crm/convert-lead';
import { createContact } from '@/lib/crm/create-contact';
import { updateContact } from '@/lib/crm/update-contact';
import { leadUpdateSchema, updateLead } from '@/lib/crm/update-lead';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// The forms send text; lib/crm validates and normalizes each field (addresses lower-cased, ids checked).
const contactFields = z.object({
  name: z.string().default(''),
  emails: z.string().default(''),
  company: z.string().optional(),
  responsibleUserId: z.string().optional(),
});

export const createContactAction = authedAction(contactFields, async (input, session) => {
  const contact = await createContact(getDb(), { actor: actorOf(session), input });
  revalidatePath('/crm/contacts');
  redirect(`/crm/contacts/${contact.id}`);
});

export const updateContactAction = authedAction(
  contactFields.extend({ contactId: z.string() }),
  async ({ contactId, ...input }, session) => {
    await updateContact(getDb(), { actor: actorOf(session), contactId, input });
    revalidatePath(`/crm/contacts/${contactId}`);
  },
);

export const updateLeadAction = authedAction(
  z.object({
    leadId: z.string(),
    title: z.string().optional(),
    status: leadUpdateSchema.shape.status,
    responsibleUserId: z.string().optional(),
  }),
  async ({ leadId, ...input }, session) => {
    await updateLead(getDb(), { actor: actorOf(session), leadId, input });
    revalidatePath(`/crm/leads/${leadId}`);
    revalidatePath('/crm');
  },
);

export const convertLeadAction = authedAction(z.object({ leadId: z.string() }), async ({ leadId }, session) => {
  const { contactId } = await convertLead(getDb(), { actor: actorOf(session), leadId });
  revalidatePath('/crm', 'layout');
  redirect(`/crm/contacts/${contactId}`);
});
