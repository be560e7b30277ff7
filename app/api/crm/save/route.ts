import { z } from 'zod';
import { getDb } from '@/db/client';
import { saveMessageToCrm } from '@/lib/crm/save-message-to-crm';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ messageId: z.number({ error: 'field.messageIdNumber' }).int().positive() });

// "Save to CRM" from the webmail: { activityId, contactId, leadId }, or 422 crm_rules_mismatch with the reason.
export const POST = authedRoute(schema, ({ messageId }, session) =>
  saveMessageToCrm(getDb(), { actor: actorOf(session), messageId }),
);
