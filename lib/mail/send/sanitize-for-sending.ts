import { AppError } from '../../errors';
import type { OutgoingResult } from '../render/html-jobs';
import { sharedHtmlPool } from '../render/html-pool';

/**
 * The compose editor's HTML as we send or save it, and its text/plain version, both made in the HTML workers
 * (a paste can be as hostile as any message). HTML too complex to sanitize goes as its text. When even that
 * could not be had (the workers are overloaded), nothing is sent rather than an empty or unsanitized body.
 */
export async function sanitizeForSending(html: string): Promise<OutgoingResult> {
  const body = await sharedHtmlPool().sanitizeOutgoing(html);
  if (body) return body;
  throw new AppError('unavailable', { message: 'HTML workers gave no answer', problem: { key: 'send.notReady' } });
}
