import type { Reporter, TestModule } from 'vitest/node';

/** Prints Jest's closing "Tests:" line, the one `tools/colink test` sums across runners. */
export default class JestSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules)
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    const parts = [
      failed ? `${failed} failed` : '',
      skipped ? `${skipped} skipped` : '',
      `${passed} passed`,
    ].filter(Boolean);
    process.stdout.write(`Tests:       ${parts.join(', ')}, ${passed + failed + skipped} total\n`);
  }
}
