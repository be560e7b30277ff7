'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';

type Profile = {
  id: string;
  displayName: string | null;
  senderName: string | null;
  signatureHtml: string | null;
  sendingRoute: 'own' | 'relay';
};
type Folder = { id: number; name: string; path: string; specialUse: string | null; syncEnabled: boolean };

function Result({ state, saved }: { state: { ok: boolean; error?: string } | null; saved: string }) {
  if (!state) return null;
  return state.ok ? <Alert tone="success">{saved}</Alert> : <Alert>{state.error}</Alert>;
}

// The editor (Tiptap) loads with this form only, not with every settings page.
const RichTextEditor = dynamic(() => import('../mail/compose/rich-text-editor').then((m) => m.RichTextEditor), {
  ssr: false,
});

/** The signature as rich text, posted with the form as HTML (sanitized again on the server before it is kept). */
function SignatureField({ initialHtml }: { initialHtml: string }) {
  const t = useTranslations('mailboxEdit');
  const [html, setHtml] = useState(initialHtml);
  const hint = useId();
  return (
    <div className="space-y-1">
      <p className="block text-sm font-medium text-fg-muted">{t('signature')}</p>
      <input type="hidden" name="signatureHtml" value={html} />
      <RichTextEditor initialHtml={initialHtml} onChange={setHtml} label={t('signature')} compact />
      <p id={hint} className="text-xs text-fg-subtle">
        {t('signatureHint')}
      </p>
    </div>
  );
}

export function MailboxProfileForm({ mailbox, action }: { mailbox: Profile; action: FormAction }) {
  const t = useTranslations('mailboxEdit');
  const form = useFormAction(action, { mailboxId: mailbox.id });
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" data-testid="mailbox-profile-form">
      <TextField
        label={t('displayName')}
        name="displayName"
        defaultValue={mailbox.displayName ?? ''}
        error={form.fieldError('displayName')}
      />
      <TextField
        label={t('senderName')}
        name="senderName"
        defaultValue={mailbox.senderName ?? ''}
        hint={t('senderNameHint')}
        error={form.fieldError('senderName')}
      />
      <SignatureField initialHtml={mailbox.signatureHtml ?? ''} />
      <SelectField
        label={t('sendingRoute')}
        name="sendingRoute"
        defaultValue={mailbox.sendingRoute}
        options={[
          { value: 'own', label: t('routes.own') },
          { value: 'relay', label: t('routes.relay') },
        ]}
      />
      <Button type="submit" disabled={form.pending}>
        {t('save')}
      </Button>
      <Result state={form.state} saved={t('saved')} />
    </form>
  );
}

type Servers = {
  id: string;
  imapHost: string;
  imapPort: number;
  imapSecurity: string;
  imapLogin: string;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: string;
  smtpLogin: string;
};

export function MailboxServersForm({ mailbox, action }: { mailbox: Servers; action: FormAction }) {
  const t = useTranslations('mailboxEdit');
  const tBox = useTranslations('mailboxSettings');
  const form = useFormAction(action, { mailboxId: mailbox.id });
  const security = (name: string, value: string) => (
    <SelectField
      label={tBox('security')}
      name={name}
      defaultValue={value}
      options={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: tBox(`securityOptions.${v}`) }))}
    />
  );
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" data-testid="mailbox-servers-form">
      <p className="text-sm text-fg-muted">{t('serversIntro', { login: mailbox.imapLogin })}</p>
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-medium">{tBox('imapServer')}</legend>
        <TextField
          label={tBox('host')}
          name="imapHost"
          defaultValue={mailbox.imapHost}
          required
          error={form.fieldError('imapHost')}
        />
        <TextField
          label={tBox('port')}
          name="imapPort"
          defaultValue={String(mailbox.imapPort)}
          inputMode="numeric"
          required
          error={form.fieldError('imapPort')}
        />
        {security('imapSecurity', mailbox.imapSecurity)}
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-medium">{tBox('smtpServer')}</legend>
        <TextField
          label={tBox('host')}
          name="smtpHost"
          defaultValue={mailbox.smtpHost}
          required
          error={form.fieldError('smtpHost')}
        />
        <TextField
          label={tBox('port')}
          name="smtpPort"
          defaultValue={String(mailbox.smtpPort)}
          inputMode="numeric"
          required
          error={form.fieldError('smtpPort')}
        />
        {security('smtpSecurity', mailbox.smtpSecurity)}
        <TextField
          label={t('smtpLogin')}
          name="smtpLogin"
          defaultValue={mailbox.smtpLogin}
          required
          error={form.fieldError('smtpLogin')}
        />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t('imapPassword')}
          name="imapPassword"
          type="password"
          autoComplete="new-password"
          hint={t('passwordKeep')}
        />
        <TextField
          label={t('smtpPassword')}
          name="smtpPassword"
          type="password"
          autoComplete="new-password"
          hint={t('passwordKeep')}
        />
      </div>
      <Button type="submit" disabled={form.pending}>
        {form.pending ? tBox('submitting') : t('saveServers')}
      </Button>
      <Result state={form.state} saved={t('saved')} />
    </form>
  );
}

export function MailboxFoldersForm({
  mailboxId,
  folders,
  action,
}: {
  mailboxId: string;
  folders: Folder[];
  action: FormAction;
}) {
  const t = useTranslations('mailboxEdit');
  const form = useFormAction(action, { mailboxId });
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" data-testid="mailbox-folders-form">
      <p className="text-sm text-fg-muted">{t('foldersIntro')}</p>
      {folders.length === 0 ? <p className="text-sm text-fg-subtle">{t('noFolders')}</p> : null}
      <ul className="grid gap-1 sm:grid-cols-2">
        {folders.map((folder) => (
          <li key={folder.id}>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="folder"
                value={folder.id}
                defaultChecked={folder.syncEnabled}
                disabled={folder.specialUse === 'inbox'}
              />
              {folder.path}
            </label>
          </li>
        ))}
      </ul>
      <Button type="submit" variant="secondary" disabled={form.pending || folders.length === 0}>
        {t('saveFolders')}
      </Button>
      <Result state={form.state} saved={t('saved')} />
    </form>
  );
}

export function MailboxStatusForm({
  mailboxId,
  active,
  action,
}: {
  mailboxId: string;
  active: boolean;
  action: FormAction;
}) {
  const t = useTranslations('mailboxEdit');
  const form = useFormAction(action, { mailboxId, enabled: active ? 'false' : 'true' });
  return (
    <form
      onSubmit={(event) =>
        active && !window.confirm(t('confirmDisable')) ? event.preventDefault() : form.onSubmit(event)
      }
      className="space-y-2"
    >
      <p className="text-sm text-fg-muted">{active ? t('disableIntro') : t('enableIntro')}</p>
      <Button type="submit" variant="secondary" disabled={form.pending}>
        {active ? t('disable') : t('enable')}
      </Button>
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
    </form>
  );
}

export function MailboxRemoveForm({
  mailboxId,
  email,
  action,
}: {
  mailboxId: string;
  email: string;
  action: FormAction<{ email: string }>;
}) {
  const t = useTranslations('mailboxSettings');
  const router = useRouter();
  const form = useFormAction(action, { mailboxId });
  useEffect(() => {
    if (form.state?.ok) router.push('/settings/mailboxes');
  }, [form.state, router]);
  return (
    <form
      onSubmit={(event) =>
        window.confirm(t('confirmRemove', { email })) ? form.onSubmit(event) : event.preventDefault()
      }
      className="space-y-2"
    >
      <Button type="submit" variant="ghost" disabled={form.pending}>
        {t('remove')}
      </Button>
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
    </form>
  );
}
