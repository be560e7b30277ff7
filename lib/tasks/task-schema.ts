import { z } from 'zod';
import { taskStatus } from '@/db/schema';
import { instantSchema, uuidSchema } from '../validation';

// Every entry point (API, server actions, mail's "Create task") accepts the same values. The schemas are
// idempotent, so a route may validate a body and the lib operation parse it again.
const taskStatuses = taskStatus.enumValues;
const taskTitleSchema = z
  .string()
  .trim()
  .min(1, { error: 'field.titleRequired' })
  .max(200, { error: 'field.titleTooLong' });
const taskDescriptionSchema = z.string().max(50_000, { error: 'field.taskDescriptionTooLong' });
export const taskStatusSchema = z.enum(taskStatuses, { error: 'field.taskStatusInvalid' });
const deadlineSchema = instantSchema('field.deadlineRequired');
const responsibleSchema = uuidSchema;

// Ids of messages as the webmail knows them; a request names at most one page of the list, twice.
const taskMessageIdsSchema = z
  .array(z.number().int().positive(), { error: 'field.messageIdsInvalid' })
  .max(100, { error: 'field.messageIdsTooMany' })
  .transform((ids) => [...new Set(ids)].sort((a, b) => a - b));

export const createTaskSchema = z.object({
  title: taskTitleSchema,
  description: taskDescriptionSchema.optional(),
  responsibleUserId: responsibleSchema.optional(),
  deadline: deadlineSchema.optional(),
  messageIds: taskMessageIdsSchema.optional(),
});

// Fields left out keep their value; a null deadline removes it.
export const updateTaskSchema = z.object({
  title: taskTitleSchema.optional(),
  description: taskDescriptionSchema.optional(),
  status: taskStatusSchema.optional(),
  responsibleUserId: responsibleSchema.optional(),
  deadline: deadlineSchema.nullable().optional(),
});

export const linkTaskMessagesSchema = z.object({
  messageIds: taskMessageIdsSchema.refine((ids) => ids.length > 0, { error: 'field.messageIdsRequired' }),
});

// The list's filters; from a query string (GET /api/tasks, the /tasks page) every value arrives as text.
export const findTasksSchema = z.object({
  status: z.preprocess((v) => (v === '' ? undefined : v), taskStatusSchema.optional()),
  mine: z
    .union([z.boolean(), z.enum(['', '0', '1', 'false', 'true'])], { error: 'field.mineInvalid' })
    .optional()
    .transform((v) => v === true || v === '1' || v === 'true'),
  q: z.string().trim().max(200, { error: 'field.searchTooLong' }).optional(),
  cursor: z.string().max(500).optional(),
});

export type CreateTaskInput = z.input<typeof createTaskSchema>;
export type UpdateTaskInput = z.input<typeof updateTaskSchema>;
export type FindTasksInput = z.input<typeof findTasksSchema>;
