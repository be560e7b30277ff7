import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

// Every table holding organization data carries org_id, so every query can be scoped by organization and an
// organization's data goes with it.
export const orgIdColumn = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

export const createdAtColumn = () => timestamp({ withTimezone: true }).notNull().defaultNow();
