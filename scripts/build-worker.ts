// `npm run build:worker`: the background worker (scripts/worker.ts) and its thread entries compiled to
// dist/worker/*.mjs, which `npm run worker` runs with plain Node (see bundle-for-node.ts).
import path from 'node:path';
import { bundleForNode } from './bundle-for-node';

const outdir = path.join(process.cwd(), 'dist', 'worker');
await bundleForNode({ entries: ['scripts/worker.ts'], outdir });
process.stdout.write(`Mailroom worker compiled to ${path.relative(process.cwd(), outdir)}/worker.mjs\n`);
