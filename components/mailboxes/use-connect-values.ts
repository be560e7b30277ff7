'use client';

import { useCallback, useRef, useState } from 'react';
import type { DiscoveredServer, DiscoveryResult } from '@/lib/mail/discovery/discovery-types';
import type { TransportSecurity } from '@/lib/mail/settings';
import type { ServerField, ServerValues } from './server-fields';

export type ConnectValues = { login: string; imap: ServerValues; smtp: ServerValues };

const initial = (): ConnectValues => ({
  login: '',
  imap: { host: '', port: '993', security: 'tls' },
  smtp: { host: '', port: '465', security: 'tls' },
});

const fromServer = (server: DiscoveredServer): ServerValues => ({
  host: server.host,
  port: String(server.port),
  security: server.security,
});

/**
 * The login and server fields of the connect form. What the user typed is theirs: an answer of the lookup
 * fills only the fields not typed into, so a late answer never overwrites a correction.
 */
export function useConnectValues() {
  const [values, setValues] = useState(initial);
  const typed = useRef(new Set<string>());

  const setServerField = useCallback((kind: 'imap' | 'smtp', field: ServerField, value: string) => {
    typed.current.add(`${kind}${field}`);
    const key = field === 'Host' ? 'host' : field === 'Port' ? 'port' : 'security';
    setValues((current) => ({ ...current, [kind]: { ...current[kind], [key]: value as TransportSecurity } }));
  }, []);

  const setLogin = useCallback((login: string) => {
    typed.current.add('login');
    setValues((current) => ({ ...current, login }));
  }, []);

  const applyDiscovery = useCallback((result: DiscoveryResult, email: string) => {
    setValues((current) => {
      const next = { ...current };
      for (const kind of ['imap', 'smtp'] as const) {
        const found = result[kind];
        if (!found) continue;
        const server = fromServer(found);
        next[kind] = {
          host: typed.current.has(`${kind}Host`) ? current[kind].host : server.host,
          port: typed.current.has(`${kind}Port`) ? current[kind].port : server.port,
          security: typed.current.has(`${kind}Security`) ? current[kind].security : server.security,
        };
      }
      // The form has one login for both servers, empty meaning the address itself.
      const login = result.imap?.login ?? '';
      if (!typed.current.has('login')) next.login = login.toLowerCase() === email.trim().toLowerCase() ? '' : login;
      return next;
    });
  }, []);

  /** Puts back the initial value of every field the user has not typed into. */
  const clearUntyped = useCallback(() => {
    setValues((current) => {
      const start = initial();
      const keep = (kind: 'imap' | 'smtp', field: ServerField, key: keyof ServerValues) =>
        typed.current.has(`${kind}${field}`) ? current[kind][key] : start[kind][key];
      const server = (kind: 'imap' | 'smtp'): ServerValues => ({
        host: keep(kind, 'Host', 'host'),
        port: keep(kind, 'Port', 'port'),
        security: keep(kind, 'Security', 'security') as TransportSecurity,
      });
      return { login: typed.current.has('login') ? current.login : '', imap: server('imap'), smtp: server('smtp') };
    });
  }, []);

  const reset = useCallback(() => {
    typed.current.clear();
    setValues(initial());
  }, []);

  return { values, setServerField, setLogin, applyDiscovery, clearUntyped, reset };
}
