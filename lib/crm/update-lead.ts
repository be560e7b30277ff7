import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { crmLeads, type CrmLead } from '@/db/schema';
import { assertResponsibleUser, getLeadForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';

export const leadUpdateSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, { error: 'field.titleRequired' })
    .max(200, { error: 'field.atMost200Characters' })
    .optional(),
  // "Converted" is reached by converting the lead into a contact, never set by hand.
  status: z.enum(['new', 'in_progress', 'lost'], { error: 'field.statusRequired' }).optional(),
  responsibleUserId: z.preprocess((v) => (v === '' ? null : v), uuidSchema.nullable().optional()),
});

export type LeadUpdate = z.input<typeof leadUpdateSchema>;

/** Title, status and responsible manager of a lead; any member of the organization may. */
export async function updateLead(
  db: DbOrTx,
  options: { actor: Actor; leadId: string; input: LeadUpdate },
): Promise<CrmLead> {
  const lead = await getLeadForActor(db, options);
  const input = parseInput(leadUpdateSchema, options.input);
  if (input.status && lead.status === 'converted') {
    throw new AppError('conflict', {
      problem: { key: 'crm.leadConverted' },
    });
  }
  if (input.responsibleUserId && input.responsibleUserId !== lead.responsibleUserId) {
    await assertResponsibleUser(db, { orgId: lead.orgId, userId: input.responsibleUserId });
  }
  const [updated] = await db
    .update(crmLeads)
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.responsibleUserId !== undefined ? { responsibleUserId: input.responsibleUserId } : {}),
      updatedAt: new Date(),
    })
    .where(eq(crmLeads.id, lead.id))
    .returning();
  return updated!;
}
