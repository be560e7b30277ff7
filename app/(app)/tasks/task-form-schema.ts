import { z } from 'zod';
import { taskStatusSchema } from '@/lib/tasks/task-schema';

// The task forms' fields as they arrive (text; the deadline already an instant, or empty). lib/tasks validates
// the values; here an empty choice only means "not given".
const blankAsUndefined = z
  .string()
  .optional()
  .transform((value) => value || undefined);

export const taskFormSchema = z.object({
  title: z.string().default(''),
  description: z.string().default(''),
  responsibleUserId: blankAsUndefined,
  // Empty clears the deadline.
  deadline: z
    .string()
    .optional()
    .transform((value) => value || null),
});

export const taskEditFormSchema = taskFormSchema.extend({ taskId: z.string(), status: taskStatusSchema.optional() });
