// Used by bench/live.ts: one signed-in SSE client (GET /api/mail/events) per online user, as an open tab
// has, calling `onNew(mailboxId)` for every "new" event the server sends it.
export async function openSseClients(
  base: string,
  cookies: string[],
  onNew: (mailboxId: string, at: number) => void,
): Promise<{ close: () => void }> {
  const controller = new AbortController();
  await Promise.all(
    cookies.map(async (cookie) => {
      const response = await fetch(`${base}/api/mail/events`, {
        headers: { cookie, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`GET /api/mail/events answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          const at = performance.now();
          buffer += value;
          const frames = buffer.split('\n\n');
          buffer = frames.pop() ?? '';
          for (const frame of frames) {
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            const event = JSON.parse(data.slice(6)) as { mailboxId?: string; kind?: string };
            if (event.kind === 'new' && event.mailboxId) onNew(event.mailboxId, at);
          }
        }
      })();
    }),
  );
  return { close: () => controller.abort() };
}
