import { z } from 'zod';
import { AppError } from './errors';
import { isPlanId, type PlanId } from './plans/catalogue';

// Shared by the UI, the CLI and lib operations so every entry point accepts the same values.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address.' }).max(254, { error: 'That email address is too long.' }));
export const passwordSchema = z
  .string()
  .min(10, { error: 'Use at least 10 characters for the password.' })
  .max(256, { error: 'That password is too long (256 characters at most).' });
export const personNameSchema = z.string().trim().min(1, { error: 'Enter a name.' }).max(200, { error: 'That name is too long.' });
export const orgNameSchema = z.string().trim().min(1, { error: 'Enter the organization name.' }).max(200, { error: 'That name is too long.' });
export const planSchema = z.string().refine(isPlanId, { error: 'Unknown plan.' }).transform((v) => v as PlanId);
export const roleSchema = z.enum(['admin', 'employee'], { error: 'The role is admin or employee.' });
export const uuidSchema = z.uuid({ error: 'Not a valid id.' });

/** Parses with a schema and turns failures into one validation AppError that names each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  throw new AppError('validation', {
    message: `Invalid input: ${JSON.stringify(fieldErrors)}`,
    userMessage: Object.values(fieldErrors).join(' '),
    details: { fieldErrors },
  });
}
