import { z } from 'zod';
import { emailSchema, instantSchema } from '../validation';

// Every entry point (API, server actions, mail's "Create event") accepts the same values. The schemas are
// idempotent, so a route may validate a body and the lib operation parse it again.
export const eventTitleSchema = z
  .string()
  .trim()
  .min(1, { error: 'field.titleRequired' })
  .max(200, { error: 'field.titleTooLong' });
export const eventInstantSchema = instantSchema('field.dateTimeRequired');
export const eventDescriptionSchema = z.string().max(10_000, { error: 'field.descriptionTooLong' });

export const attendeeSchema = z.object({
  name: z.string().trim().max(200, { error: 'field.nameTooLong' }).optional(),
  address: emailSchema,
});

// One entry per address (the first name given wins): visibility and the attendee list are per person.
export const attendeesSchema = z
  .array(attendeeSchema)
  .max(200, { error: 'field.tooManyAttendees' })
  .transform((list) => {
    const byAddress = new Map<string, { name: string; address: string }>();
    for (const { name, address } of list)
      if (!byAddress.has(address)) byAddress.set(address, { name: name ?? '', address });
    return [...byAddress.values()];
  });

const endsAfterStart = (value: { startsAt?: string; endsAt?: string }, ctx: z.RefinementCtx) => {
  if (value.startsAt && value.endsAt && Date.parse(value.endsAt) <= Date.parse(value.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'field.eventEndsBeforeStart' });
  }
};

export const createEventSchema = z
  .object({
    title: eventTitleSchema,
    startsAt: eventInstantSchema,
    endsAt: eventInstantSchema,
    attendees: attendeesSchema.optional(),
    description: eventDescriptionSchema.optional(),
    sourceMessageId: z.number().int().positive().optional(),
  })
  .superRefine(endsAfterStart);

export const updateEventSchema = z
  .object({
    title: eventTitleSchema.optional(),
    startsAt: eventInstantSchema.optional(),
    endsAt: eventInstantSchema.optional(),
    attendees: attendeesSchema.optional(),
    description: eventDescriptionSchema.optional(),
  })
  .superRefine(endsAfterStart);

export type CreateEventInput = z.input<typeof createEventSchema>;
export type UpdateEventInput = z.input<typeof updateEventSchema>;
