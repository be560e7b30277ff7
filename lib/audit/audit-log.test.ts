import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { loadCatalogue } from '../i18n/catalogue';
import { auditActions } from './audit-actions';
import { CSV_BOM, csvCell, csvRow } from './audit-csv';
import { describeAuditEntry } from './describe-audit-entry';
import { exportAuditCsv } from './export-audit-csv';
import { listAuditEntries } from './list-audit-entries';
import { auditWording } from './word-audit-entry';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('audit log', () => {
  afterAll(closeDb);

  it('describes every catalogue action in words, in the reader’s language, and an unknown one by its name', async () => {
    const english = auditWording('en', await loadCatalogue('en'));
    const french = auditWording('fr', await loadCatalogue('fr'));
    for (const action of Object.keys(auditActions)) {
      const description = describeAuditEntry({
        action,
        actorName: 'Ada',
        actorKind: 'user',
        data: {
          email: 'sales@x.test',
          userEmail: 'bob@x.test',
          level: 'read',
          subject: 'Hi',
          from: 'c@y.test',
          mailboxEmail: 'sales@x.test',
        },
      });
      expect(description.key, action).not.toBe('audit.entries.unknown');
      for (const text of [english.describe(description), french.describe(description)]) {
        expect(text, action).toMatch(/^Ada /);
        expect(text, action).not.toContain(action);
        expect(text, action).not.toMatch(/[{}]/);
      }
      expect(french.describe(description), action).not.toBe(english.describe(description));
    }
    const opened = describeAuditEntry({
      action: 'message.opened_shared',
      actorName: 'Bob',
      actorKind: 'user',
      data: { subject: 'Quote 42', from: 'carol@y.test', mailboxEmail: 'sales@x.test' },
    });
    expect(english.describe(opened)).toBe('Bob opened “Quote 42” from carol@y.test in sales@x.test');
    expect(french.describe(opened)).toBe('Bob a ouvert «\u00a0Quote 42\u00a0» de carol@y.test dans sales@x.test');
    const unknown = describeAuditEntry({ action: 'something.new', actorName: null, actorKind: 'cron', data: {} });
    expect(english.describe(unknown)).toBe('The scheduler: something.new');
    expect(french.describe(unknown)).toBe('Le planificateur\u00a0: something.new');
    // Where the sentence varies: a re-sent invitation, an administrator, counts, labels of plans and fields.
    const again = describeAuditEntry({
      action: 'user.invited',
      actorName: null,
      actorKind: 'user',
      data: { email: 'eve@x.test', role: 'admin', again: true },
    });
    expect(english.describe(again)).toBe('A deleted user re-sent the invitation to the administrator eve@x.test');
    expect(french.describe(again)).toBe('Un utilisateur supprimé a renvoyé l’invitation à l’administrateur eve@x.test');
    const purge = describeAuditEntry({
      action: 'retention.purge',
      actorName: null,
      actorKind: 'cron',
      data: { deleted: 1, hidden: 2500, keptForTasks: 0 },
    });
    expect(english.describe(purge)).toBe(
      'The scheduler purged old local copies: 1 deleted, 2,500 hidden, 0 kept for tasks',
    );
    expect(french.describe(purge)).toBe(
      'Le planificateur a purgé d’anciennes copies locales\u00a0: 1 supprimée, 2\u202f500 masquées, 0 conservée pour des tâches',
    );
    const sessions = describeAuditEntry({
      action: 'user.password_changed',
      actorName: 'Ada',
      actorKind: 'user',
      data: { sessionsEnded: 1 },
    });
    expect(english.describe(sessions)).toBe('Ada changed their password (1 other session signed out)');
    expect(french.describe(sessions)).toBe('Ada a changé son mot de passe (1 autre session déconnectée)');
    const plan = describeAuditEntry({
      action: 'plan.changed',
      actorName: null,
      actorKind: 'cli',
      data: { from: 'trial', to: 'enterprise-2000' },
    });
    expect(english.describe(plan)).toBe('The command line changed the plan from Trial to Enterprise 2000');
    expect(french.describe(plan)).toBe('La ligne de commande a remplacé l’offre Essai par l’offre Enterprise 2000');
    const fields = describeAuditEntry({
      action: 'mailbox.updated',
      actorName: 'Ada',
      actorKind: 'user',
      data: { email: 'sales@x.test', changed: ['displayName', 'signatureHtml'] },
    });
    expect(english.describe(fields)).toBe('Ada changed the settings of sales@x.test (Display name and Signature)');
    expect(french.describe(fields)).toBe('Ada a modifié les paramètres de sales@x.test (Nom affiché et Signature)');
    const access = describeAuditEntry({
      action: 'mailbox.access_granted',
      actorName: 'Ada',
      actorKind: 'user',
      data: { email: 'sales@x.test', userEmail: 'bob@x.test', level: 'send', previousLevel: 'read' },
    });
    expect(english.describe(access)).toBe('Ada changed bob@x.test’s access to sales@x.test from read to send');
    expect(french.describe(access)).toBe(
      'Ada a fait passer l’accès de bob@x.test à sales@x.test de «\u00a0Lecture\u00a0» à «\u00a0Envoi\u00a0»',
    );
  });

  it('writes CSV that spreadsheets read safely', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const start of ['+1', '-1', '@x', '\tx']) expect(csvCell(start)).toMatch(/^"?'/);
    expect(csvRow(['a', null, 3])).toBe('a,,3\r\n');
    expect(CSV_BOM).toBe('\uFEFF');
  });

  it('lists newest first for admins only, filters, pages by keyset without gaps, and exports everything that matches', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin', name: 'Ada Admin' });
    const employee = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: employee.id });
    const base = Date.parse('2026-06-10T12:00:00Z');
    // Many entries in the same instant make the tie-break on id matter.
    await db.insert(auditLog).values(
      Array.from({ length: 120 }, (_, i) => ({
        orgId: org.id,
        actorKind: 'user' as const,
        actorUserId: admin.id,
        action: i % 2 === 0 ? 'message.opened_shared' : 'mailbox.access_granted',
        targetType: i % 2 === 0 ? 'message' : 'mailbox',
        targetId: i % 2 === 0 ? String(i) : mailbox.id,
        data:
          i % 2 === 0
            ? { mailboxId: mailbox.id, mailboxEmail: mailbox.email, subject: `=cmd|${i}`, from: 'c@y.test' }
            : { email: mailbox.email, userEmail: 'x@y.test', level: 'read' },
        createdAt: new Date(base + Math.floor(i / 40) * 86_400_000),
      })),
    );
    const actor = asUser(admin);
    await expect(listAuditEntries(db, { actor: asUser(employee), orgId: org.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const other = await createTestUser(db, { orgId: (await createTestOrg(db)).id, role: 'admin' });
    await expect(listAuditEntries(db, { actor: asUser(other), orgId: org.id })).rejects.toMatchObject({
      code: 'not_found',
    });

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEntries(db, {
        actor,
        orgId: org.id,
        filters: { mailboxId: mailbox.id },
        cursor,
        limit: 7,
      });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);

    const access = await listAuditEntries(db, {
      actor,
      orgId: org.id,
      filters: { group: 'access', action: 'message.opened_shared', from: '2026-06-11', to: '2026-06-11' },
    });
    expect(access.rows).toHaveLength(20);
    expect(access.rows[0]).toMatchObject({
      actorName: 'Ada Admin',
      description: { key: 'audit.entries.message.opened_shared', values: { actor: 'Ada Admin' } },
    });
    await expect(listAuditEntries(db, { actor, orgId: org.id, filters: { from: 'yesterday' } })).rejects.toMatchObject({
      code: 'validation',
    });
    // Days PostgreSQL or Date cannot hold are refused by name, never a failed query (issue 16); the last day there is works.
    for (const day of ['0000-01-01', '2024-02-30', '275760-09-14', '1899-12-31']) {
      await expect(listAuditEntries(db, { actor, orgId: org.id, filters: { from: day } }), day).rejects.toMatchObject({
        code: 'validation',
        details: { fieldErrors: { from: expect.any(String) } },
      });
      await expect(listAuditEntries(db, { actor, orgId: org.id, filters: { to: day } }), day).rejects.toMatchObject({
        code: 'validation',
        details: { fieldErrors: { to: expect.any(String) } },
      });
    }
    expect(
      (await listAuditEntries(db, { actor, orgId: org.id, filters: { from: '1900-01-01', to: '9999-12-31' } })).rows,
    ).toHaveLength(50);
    // A position the client sends back that PostgreSQL would not cast is a stale list position, not a 500.
    const forged = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
    const oldStyle = await listAuditEntries(db, {
      actor,
      orgId: org.id,
      cursor: forged(['2026-06-12 12:00:00.5+00', 2 ** 53 - 1]),
    });
    expect(oldStyle.rows.length).toBeGreaterThan(0);
    for (const cursor of [
      forged(['2024-02-30 00:00:00+00', 1]),
      forged(['0000-01-01 00:00:00+00', 1]),
      forged(['9', 1]),
      forged(['2026-06-12 12:00:00+00', 1.5]),
      'garbage',
      forged(null),
    ]) {
      await expect(listAuditEntries(db, { actor, orgId: org.id, cursor }), cursor).rejects.toMatchObject({
        code: 'validation',
        details: { fieldErrors: { cursor: expect.any(String) } },
      });
    }

    const csv = await collect(
      await exportAuditCsv(db, { actor, orgId: org.id, filters: { action: 'message.opened_shared' } }),
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(`${CSV_BOM}time (UTC),actor,actor email,action,description,target type,target id,details`);
    expect(lines).toHaveLength(61);
    expect(lines[1]).toContain(',message.opened_shared,Ada Admin opened “=cmd|');
    expect(csv).not.toMatch(/(^|,)=cmd/m);
    // In the admin's language: the header and the descriptions; actions, ids and details stay as recorded.
    const french = await collect(
      await exportAuditCsv(db, { actor, orgId: org.id, filters: { action: 'message.opened_shared' }, locale: 'fr' }),
    );
    const frenchLines = french.trimEnd().split('\r\n');
    expect(frenchLines[0]).toBe(
      `${CSV_BOM}heure (UTC),auteur,e-mail de l’auteur,action,description,type de cible,identifiant de la cible,détails`,
    );
    expect(frenchLines).toHaveLength(61);
    expect(frenchLines[1]).toContain(',message.opened_shared,Ada Admin a ouvert «\u00a0=cmd|');
    expect(frenchLines[1]).toContain(`» de c@y.test dans ${mailbox.email},message,`);
    await expect(exportAuditCsv(db, { actor: asUser(employee), orgId: org.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
