import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organizations = pgTable('organizations', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  // A plan id from lib/plans/catalogue.ts. Kept as text (validated in lib) so new enterprise sizes need no migration.
  plan: text().notNull(),
  // Admins can require two-factor sign-in for everyone in the organization.
  requireTwoFactor: boolean().notNull().default(false),
  trialEndsAt: timestamp({ withTimezone: true }),
  planChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
