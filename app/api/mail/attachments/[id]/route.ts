import { z } from 'zod';
import { getDb } from '@/db/client';
import { openAttachment } from '@/lib/mail/attachments/open-attachment';
import { openSignedInlineImage } from '@/lib/mail/attachments/inline-image-link';
import { previewResponseHeaders } from '@/lib/mail/attachments/preview-response-headers';
import { attachmentResponseHeaders } from '@/lib/mail/render/attachment-response-headers';
import { parseInput } from '@/lib/validation';
import { idParam } from '@/server/params';
import { authedRoute, errorResponse } from '@/server/route';
import { actorOf } from '@/server/session';

type Opened = Awaited<ReturnType<typeof openAttachment>>;

// Only raster images are ever served inline; anything else (HTML, SVG, scripts) comes as an octet-stream
// download so it never runs on our origin. The reading pane's preview adds PDFs, for a sandboxed frame.
function respond({ attachment, content }: Opened, mode: 'download' | 'inline' | 'preview'): Response {
  const file = { filename: attachment.filename, contentType: attachment.contentType, size: content.length };
  const headers =
    mode === 'preview'
      ? previewResponseHeaders(file)
      : attachmentResponseHeaders({ ...file, inline: mode === 'inline' });
  return new Response(new Uint8Array(content), { headers });
}

const signedSchema = z.object({ u: z.uuid(), e: z.coerce.number().int(), s: z.string().max(100) });

const downloadOrInline = authedRoute(
  z.object({ inline: z.enum(['0', '1']).optional(), preview: z.enum(['0', '1']).optional() }),
  async ({ inline, preview }, session, _request, params) =>
    respond(
      await openAttachment(getDb(), { actor: actorOf(session), attachmentId: idParam(params) }),
      preview === '1' ? 'preview' : inline === '1' ? 'inline' : 'download',
    ),
);

/**
 * Downloads, and the inline images of the reading pane. The message frame's own image requests carry no
 * session cookie (it is sandboxed), so they come with a signed link made when the frame was rendered.
 */
export async function GET(request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> {
  const query = new URL(request.url).searchParams;
  if (!query.has('s')) return downloadOrInline(request, context);
  try {
    const { u, e, s } = parseInput(signedSchema, Object.fromEntries(query));
    return respond(
      await openSignedInlineImage(getDb(), {
        attachmentId: idParam(await context.params),
        userId: u,
        expires: e,
        signature: s,
      }),
      'inline',
    );
  } catch (error) {
    return errorResponse(error);
  }
}
