import { getDb } from '@/db/client';
import { openActivityAttachment } from '@/lib/crm/open-activity-attachment';
import { attachmentResponseHeaders } from '@/lib/mail/render/attachment-response-headers';
import { idParam } from '@/server/params';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// Files come from strangers: always a download the browser must not sniff or render (never inline).
export const GET = authedRoute(null, async (_input, session, _request, params) => {
  const file = await openActivityAttachment(getDb(), { actor: actorOf(session), attachmentId: idParam(params) });
  const headers = attachmentResponseHeaders({
    filename: file.filename,
    contentType: file.contentType,
    size: file.content.length,
    inline: false,
  });
  return new Response(new Uint8Array(file.content), { headers });
});
