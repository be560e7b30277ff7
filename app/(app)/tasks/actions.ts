'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { createTask } from '@/lib/tasks/create-task';
import { deleteTask } from '@/lib/tasks/delete-task';
import { taskStatusSchema } from '@/lib/tasks/task-schema';
import { unlinkMessageFromTask } from '@/lib/tasks/unlink-message-from-task';
import { updateTask } from '@/lib/tasks/update-task';
import { authedAction } from '@/server/action';
import { requestLocale } from '@/server/request-locale';
import { actorOf } from '@/server/session';
import { taskEditFormSchema, taskFormSchema } from './task-form-schema';

export const createTaskAction = authedAction(taskFormSchema, async ({ deadline, ...input }, session) => {
  const { id } = await createTask(getDb(), {
    actor: actorOf(session),
    input: { ...input, deadline: deadline ?? undefined },
    locale: await requestLocale(),
  });
  revalidatePath('/tasks');
  redirect(`/tasks/${id}`);
});

export const updateTaskAction = authedAction(taskEditFormSchema, async ({ taskId, ...input }, session) => {
  const view = await updateTask(getDb(), { actor: actorOf(session), taskId, input });
  revalidatePath('/tasks');
  // Handed to a colleague, the task is no longer the editor's to see.
  if (!view.canEdit) redirect('/tasks');
  revalidatePath(`/tasks/${taskId}`);
});

export const changeTaskStatusAction = authedAction(
  z.object({ taskId: z.string(), status: taskStatusSchema }),
  async ({ taskId, status }, session) => {
    await updateTask(getDb(), { actor: actorOf(session), taskId, input: { status } });
    revalidatePath('/tasks');
    revalidatePath(`/tasks/${taskId}`);
  },
);

export const unlinkTaskMessageAction = authedAction(
  z.object({ taskId: z.string(), messageId: z.coerce.number() }),
  async ({ taskId, messageId }, session) => {
    await unlinkMessageFromTask(getDb(), { actor: actorOf(session), taskId, messageId });
    revalidatePath('/tasks');
    revalidatePath(`/tasks/${taskId}`);
  },
);

export const deleteTaskAction = authedAction(z.object({ taskId: z.string() }), async ({ taskId }, session) => {
  const { deletedMessages } = await deleteTask(getDb(), { actor: actorOf(session), taskId });
  revalidatePath('/tasks');
  redirect(`/tasks?deleted=${deletedMessages}`);
});
