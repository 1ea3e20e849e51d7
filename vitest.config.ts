import { defineConfig } from 'vitest/config';

// Slow suites (browser, large files, soak, packed-package) are named *.slow.test.ts.
// They always run in CI (CI=true) and when DRIVESPEC_SLOW=1; a plain local `npm test` skips them
// so the default run stays well under five minutes on a 2-core machine.
const includeSlow = Boolean(process.env.CI) || process.env.DRIVESPEC_SLOW === '1';
// `npm run test:mutation` narrows each Stryker run to the mutated module's own test folder.
const only = process.env.DRIVESPEC_TEST_INCLUDE?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: only ?? ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(includeSlow ? [] : ['test/**/*.slow.test.ts'])],
    testTimeout: 20_000,
    // A whole conformance run in a beforeAll (run-conformance, reporters) takes 9 s alone on a loaded
    // 2-core machine since the upload flows: 10 s (vitest's default) failed under load.
    hookTimeout: 60_000,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    typecheck: {
      enabled: !only,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
