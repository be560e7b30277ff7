import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '@/test/database';
import { runMigrations } from './migrate';

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('apply on an empty database, concurrently from two processes, and again as a no-op', async () => {
    const empty = await createIsolatedDatabase({ fromTemplate: false });
    cleanups.push(empty.drop);
    await Promise.all([runMigrations(empty.url), runMigrations(empty.url)]);
    await runMigrations(empty.url);

    const tables = await empty.pool.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'account_tokens',
      'attachments',
      'audit_log',
      'auth_sessions',
      'calendar_events',
      'chat_members',
      'chat_posts',
      'chats',
      'compose_uploads',
      'crm_activities',
      'crm_activity_attachments',
      'crm_activity_renders',
      'crm_contacts',
      'crm_exceptions',
      'crm_leads',
      'feed_posts',
      'mail_events',
      'mail_folders',
      'mail_notification_subscriptions',
      'mailbox_access',
      'mailbox_idle_leases',
      'mailboxes',
      'message_bodies',
      'message_links',
      'message_renders',
      'messages',
      'oauth_states',
      'organizations',
      'outgoing_messages',
      'outgoing_usage',
      'purge_runs',
      'rate_limit_hits',
      'recovery_codes',
      'sign_in_failures',
      'tasks',
      'thread_folders',
      'thread_refs',
      'threads',
      'trusted_image_senders',
      'users',
    ]);
    const applied = await empty.pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBeGreaterThan(0);

    // Every table that holds organization data carries org_id (sign-in failures and rate-limit hits are
    // instance-level: an unknown address or e-mail has no organization).
    const withoutOrg = await empty.pool.query<{ table_name: string }>(`
      select t.table_name from information_schema.tables t
      where t.table_schema = 'public' and t.table_name not in ('organizations', 'sign_in_failures', 'rate_limit_hits')
        and not exists (select 1 from information_schema.columns c
                        where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'org_id')`);
    expect(withoutOrg.rows).toEqual([]);

    // The indexes the list, unread-count and retention queries rely on exist.
    const indexes = await empty.pool.query<{ indexname: string }>(
      "select indexname from pg_indexes where tablename = 'messages'",
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        'messages_folder_uid_key',
        'messages_folder_received_idx',
        'messages_folder_unseen_idx',
        'messages_org_received_idx',
        'messages_search_idx',
      ]),
    );
  });
});
