export async function register() {
  // The Node.js-only part lives in its own module so the Edge compilation never sees process APIs.
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./instrumentation-node');
}
