// The HTTP server in front of Next.js, used by `npm run dev`/`npm start` (scripts/serve.ts), the end-to-end
// tests and the benchmarks; also runnable alone: `tsx scripts/next-server.ts [--dev] [--port N] [--hostname H]`.
// It exists for one reason: before Next.js sees a request it removes every forwarding header the client sent
// (Next.js keeps them, filling in only what is missing) and puts back only what TRUST_PROXY_HOPS says to trust,
// so X-Forwarded-For reaching the app is always exactly one address: the client's (lib/net/client-address).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { FORWARDING_HEADERS, parseTrustProxyHops, trustedForwardingHeaders } from '@/lib/net/client-address';

/** Replaces the request's forwarding headers by the trusted ones; false when the connection is already gone. */
export function applyForwardingPolicy(request: IncomingMessage, trustedHops: number): boolean {
  const trusted = trustedForwardingHeaders(request.headers, {
    socketAddress: request.socket.remoteAddress,
    trustedHops,
  });
  for (const name of FORWARDING_HEADERS) delete request.headers[name];
  if (trusted === null) return false;
  Object.assign(request.headers, trusted);
  return true;
}

/** An HTTP server that applies the forwarding policy to every request and upgrade before `handle` sees it. */
export function createForwardingServer(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  trustedHops: number,
): Server {
  const server = createServer((request, response) => {
    if (!applyForwardingPolicy(request, trustedHops)) return void response.destroy();
    contentTypeAsString(response);
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`[server] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
      else response.destroy();
    });
  });
  // Next.js adds its own upgrade listener (the dev server's HMR socket) on the first request; this one runs
  // first. Before Next.js has one, nobody would answer: the socket is closed instead of left hanging.
  server.on('upgrade', (request: IncomingMessage, socket) => {
    if (!applyForwardingPolicy(request, trustedHops) || server.listenerCount('upgrade') === 1) socket.destroy();
  });
  return server;
}

/**
 * Next.js copies a route handler's headers onto the response with its appendHeader, which sets even a single
 * value as an array; its compression middleware then reads Content-Type as ['application/json'], finds it "not
 * compressible", and every API answer went out uncompressed (a 33 KB list where gzip makes 2 KB). A Content-Type
 * of one value is set as the plain string instead. The cause is Next.js's sendResponse (vercel/next.js issue
 * 98007, fix proposed in pull request 98044, not released in 16.4.5): drop this when it ships. Our route wrapper
 * cannot avoid it (every header of a Response goes through that copy), and doing the compression ourselves
 * would replace Next.js's middleware for the same one-line gain.
 */
export function contentTypeAsString(response: ServerResponse): void {
  const set = response.setHeader.bind(response);
  response.setHeader = (name, value) =>
    name.toLowerCase() === 'content-type' && Array.isArray(value) && value.length === 1
      ? set(name, String(value[0]))
      : set(name, value);
}

export type RunningServer = { server: Server; close: () => Promise<void> };

/** Starts Next.js (a production build from NEXT_DIST_DIR, or the dev server) behind the forwarding server. */
export async function startNextServer(options: {
  dev: boolean;
  hostname: string;
  port: number;
  trustedHops: number;
  dir?: string;
}): Promise<RunningServer> {
  // Next.js reads NODE_ENV while it loads; `next start`/`next dev` set it the same way.
  Object.assign(process.env, { NODE_ENV: options.dev ? 'development' : 'production' });
  // tsx, which runs this file, turns on source maps for the whole process: every Error's stack (React and
  // Next.js make many per request) is then mapped, which cut a production server's throughput by a third in
  // bench:load. The build's own code has no maps to apply; only this file's stack traces lose TS positions.
  if (!options.dev) process.setSourceMapsEnabled(false);
  const { default: next } = await import('next');
  const app = next({
    dev: options.dev,
    dir: options.dir ?? process.cwd(),
    hostname: options.hostname,
    port: options.port,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createForwardingServer((request, response) => handle(request, response), options.trustedHops);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const close = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    server.closeAllConnections();
    await app.close();
  };
  return { server, close };
}

/** TRUST_PROXY_HOPS, or a message saying what is wrong with it. */
export function trustedHopsFromEnv(): { hops: number } | { error: string } {
  const hops = parseTrustProxyHops(process.env.TRUST_PROXY_HOPS);
  return hops === null
    ? {
        error: `TRUST_PROXY_HOPS must be the number of proxies in front of Mailroom (0 to 10), not "${process.env.TRUST_PROXY_HOPS}"`,
      }
    : { hops };
}

async function main(): Promise<void> {
  // As in scripts/serve.ts: nothing leaves the machine unless the operator opts in.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const dev = args.includes('--dev');
  const port = Number(option('--port') ?? process.env.PORT ?? 3000);
  const hostname = option('--hostname') ?? process.env.HOST ?? (dev ? '127.0.0.1' : '0.0.0.0');
  const trust = trustedHopsFromEnv();
  if ('error' in trust) {
    process.stderr.write(`${trust.error}\n`);
    process.exit(2);
  }
  const running = await startNextServer({ dev, hostname, port, trustedHops: trust.hops });
  process.stdout.write(`Listening on http://${hostname}:${port}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().finally(() => process.exit(0)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
