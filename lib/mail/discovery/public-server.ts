import { type OutboundTarget, resolveOutboundHost } from '../../net/outbound-address';
import type { StepContext } from './discovery-types';

/**
 * The checked address of a host discovery found or guessed, or null when it does not resolve or resolves to an
 * internal address the operator did not allow (lib/net/outbound-address.ts): such a host is never offered.
 */
export async function checkedTarget(
  host: string,
  context: Pick<StepContext, 'dns' | 'options'>,
): Promise<OutboundTarget | null> {
  try {
    return await resolveOutboundHost(host, {
      resolve: context.dns.lookup,
      allowedPrivateHosts: context.options.allowedPrivateHosts,
      timeoutMs: context.options.stepTimeoutMs,
    });
  } catch {
    return null;
  }
}

export async function publicServer(host: string, context: Pick<StepContext, 'dns' | 'options'>): Promise<boolean> {
  return (await checkedTarget(host, context)) !== null;
}
