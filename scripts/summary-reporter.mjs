/**
 * A web-test-runner reporter that ends the run with one plain line, `Tests: N passed, N failed`
 * (and skipped), so that CI and people read the result the same way.
 */
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      let broken = 0;
      for (const session of sessions) {
        count(session.testResults, totals);
        if (!session.passed && (session.errors?.length ?? 0) > 0) broken += 1;
      }
      const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
      const files = broken ? ` (${broken} test file(s) failed to run)` : '';
      console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed${skipped}${files}`);
    },
  };
}
