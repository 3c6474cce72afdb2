import { defineConfig } from 'vitest/config';

/** Live-provider tests: `npm run test:live`; each suite skips itself unless its key is set. */
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
