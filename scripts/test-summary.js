// Prints one closing line over all test runners ("N passed, N failed"), with per-database counts.
import { readFileSync, existsSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0;
const byDb = { sqlite: 0, postgres: 0 };
if (existsSync('test-results/vitest.json')) {
	const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
	passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + (v.numTodoTests ?? 0);
	for (const file of v.testResults) for (const t of file.assertionResults) {
		if (t.status !== 'passed') continue;
		const name = [...t.ancestorTitles, t.title].join(' ');
		if (/\[sqlite\]/.test(name)) byDb.sqlite++;
		if (/\[postgres\]/.test(name)) byDb.postgres++;
	}
}
// Browser tests: one report of a run over both databases, or one per database when they ran side by side.
const reports = ['test-results/playwright.json', 'test-results/e2e-sqlite/playwright.json', 'test-results/e2e-postgres/playwright.json'].filter((f) => existsSync(f));
for (const report of reports) {
	const p = JSON.parse(readFileSync(report, 'utf8'));
	const walk = (suite) => {
		for (const spec of suite.specs ?? []) for (const t of spec.tests) {
			const st = t.status; // expected | unexpected | flaky | skipped
			if (st === 'skipped') { skipped++; continue; }
			if (st === 'expected' || st === 'flaky') { passed++; if (t.projectName in byDb) byDb[t.projectName]++; }
			else failed++;
		}
		for (const s of suite.suites ?? []) walk(s);
	};
	for (const s of p.suites) walk(s);
}
console.log(`\nDatabase-specific tests passed: SQLite ${byDb.sqlite}, PostgreSQL ${byDb.postgres}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
