import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.next/**', '.next-test/**', '.data/**', 'e2e/**'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start their own Dovecot and create their own organizations, so files can run in
    // parallel; two workers match the 2-core machines this runs on.
    pool: 'forks',
    maxWorkers: 2,
  },
});
