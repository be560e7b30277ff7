import { z } from 'zod';
import { parseAttendeeLines } from '@/lib/calendar/parse-attendee-lines';

// The event forms' fields as they arrive (attendees as lines of text); lib/calendar validates the values.
export const eventFormSchema = z.object({
  title: z.string().default(''),
  startsAt: z.string().default(''),
  endsAt: z.string().default(''),
  attendees: z.string().default('').transform(parseAttendeeLines),
  description: z.string().default(''),
});
