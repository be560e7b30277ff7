import { apiPost } from '../mail-api';

export type SendRequest = {
  mailboxId: string;
  clientKey: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  uploadIds: string[];
  forwardAttachmentIds: number[];
  replyToMessageId?: number;
};

export type SendResult = { id: string; status: 'sent' | 'failed' | 'delivery_unknown'; savedToSent: boolean };

export function sendComposed(request: SendRequest): Promise<SendResult> {
  return apiPost<SendResult>('/api/mail/send', request);
}
