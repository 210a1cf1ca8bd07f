import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.mts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.spec.{ts,tsx}'],
      setupFiles: ['src/test-setup.ts'],
      // tools/colink adds up Jest's "Tests: N passed" lines, so print one too.
      reporters: ['default', './vitest-jest-summary.mts'],
    },
  }),
);
