import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // The JSON report lets .ci/run print its one-line summary; the default reporter is for people.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
