import { z } from 'zod';
import { uuidSchema } from '../validation';

// Shared by the API routes, the chat pages' actions and mail's "Discuss in chat"; idempotent, so a route may
// validate a body and the lib operation parse it again.
export const chatPostBodySchema = z
  .string()
  .trim()
  .min(1, { error: 'field.chatMessageRequired' })
  .max(4000, { error: 'field.chatMessageTooLong' });

export const memberUserIdsSchema = z
  .array(uuidSchema)
  .max(100, { error: 'field.chatMembersTooMany' })
  .transform((ids) => [...new Set(ids)]);

export const createChatSchema = z.object({
  title: z.string().trim().max(200, { error: 'field.titleTooLong' }).optional(),
  memberUserIds: memberUserIdsSchema.optional(),
  messageId: z.number().int().positive().optional(),
  // Optional, so an empty box in a form means "no first message", not an error.
  firstMessage: z.string().trim().max(4000, { error: 'field.chatMessageTooLong' }).optional(),
});

export const addChatMembersSchema = z.object({
  userIds: memberUserIdsSchema.refine((ids) => ids.length > 0, { error: 'field.chatMemberRequired' }),
});

export type CreateChatInput = z.input<typeof createChatSchema>;
export const chatPostSchema = z.object({ body: chatPostBodySchema });
