import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two projects: the engine and app services in Node, React components in jsdom.
export default defineConfig({
  test: {
    // tfjs kernels are CPU-heavy: one test file per core.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['tests/ui/**/*.test.tsx'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
