import { connect } from 'node:net';
import type { OutboundTarget } from '../../net/outbound-address';
import type { TransportSecurity } from '../settings';
import type { DiscoveredServer, DiscoveryResult, GuessPorts, StepContext } from './discovery-types';
import { checkedTarget } from './public-server';

const STANDARD_PORTS: GuessPorts = { imaps: 993, submissions: 465, submission: 587 };

type Guess = { host: string; port: number; security: TransportSecurity };

/** The usual names, in the order tried: imap./mail. for IMAP on 993, smtp./mail. on 465 and 587. */
export function guessesFor(domain: string, ports: GuessPorts = STANDARD_PORTS): { imap: Guess[]; smtp: Guess[] } {
  return {
    imap: ['imap', 'mail'].map((name) => ({ host: `${name}.${domain}`, port: ports.imaps, security: 'tls' })),
    smtp: ['smtp', 'mail'].flatMap((name): Guess[] => [
      { host: `${name}.${domain}`, port: ports.submissions, security: 'tls' },
      { host: `${name}.${domain}`, port: ports.submission, security: 'starttls' },
    ]),
  };
}

/** True when a TCP connection to the checked address is accepted (closed again at once, nothing is sent). */
function accepts(target: OutboundTarget, port: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const socket = connect({ host: target.address, port, family: target.family });
    const done = (result: boolean) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A name that merely resolves proves little (wildcard DNS answers every name), so a guess is offered only when
 * it resolves to addresses the outbound-address policy allows AND its port takes a TCP connection within the
 * step's time. All are tried at once; the first in the order above that answered wins.
 */
async function firstAnswering(guesses: Guess[], context: StepContext): Promise<DiscoveredServer | undefined> {
  const targets = new Map<string, Promise<OutboundTarget | null>>();
  const targetOf = (host: string) => {
    if (!targets.has(host)) targets.set(host, checkedTarget(host, context));
    return targets.get(host)!;
  };
  const tries = guesses.map(async (guess) => {
    const target = await targetOf(guess.host);
    return target !== null && (await accepts(target, guess.port, context.signal));
  });
  for (const [index, guess] of guesses.entries()) {
    if (await tries[index]) return { ...guess, login: context.email };
  }
  return undefined;
}

/** Step 4: the usual guesses. Succeeds when an IMAP server answered (SMTP is optional). */
export async function discoverByGuess(context: StepContext): Promise<DiscoveryResult | null> {
  const guesses = guessesFor(context.domain, context.options.guessPorts);
  const [imap, smtp] = await Promise.all([
    firstAnswering(guesses.imap, context),
    firstAnswering(guesses.smtp, context),
  ]);
  if (!imap) return null;
  return { source: 'guess', imap, ...(smtp ? { smtp } : {}) };
}
