// Three suites: unit (plain Node, no root), lab (real sshd hosts in network namespaces), e2e (Chromium through the bridge).
import { defineConfig } from 'vitest/config';

const laborious = { testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.lab.test.ts', 'test/e2e/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/**/*.lab.test.ts'],
          globalSetup: ['test/lab/global-setup.ts'],
          ...laborious,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/lab/global-setup.ts'],
          ...laborious,
        },
      },
    ],
  },
});
