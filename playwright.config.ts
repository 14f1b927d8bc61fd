import { defineConfig } from '@playwright/test';

/**
 * Browser and HTTP tests against the built app (npm run build first), once per database:
 * the "sqlite" project talks to a server on a fresh SQLite file, "postgres" to one on a fresh database of
 * the throwaway cluster (TEST_DATABASE_URL, started by scripts/test-all.sh).
 */
const pg = process.env.TEST_DATABASE_URL;
// E2E_PROJECT=sqlite|postgres runs one database's project with only its server, so the test command can run
// both side by side (two processes, two result dirs); unset, both run in this process one after the other.
const only = process.env.E2E_PROJECT;
if (only && only !== 'sqlite' && only !== 'postgres') throw new Error(`E2E_PROJECT must be sqlite or postgres, not ${only}`);
if (only === 'postgres' && !pg) throw new Error('E2E_PROJECT=postgres needs TEST_DATABASE_URL');
const withSqlite = only !== 'postgres';
const withPg = !!pg && only !== 'sqlite';
// Parallel runs on one machine (several working copies) can move the ports, the results and the build:
// E2E_PORT (4173; PostgreSQL gets the next port), E2E_RESULTS (test-results), QUARTIER_BUILD_DIR (build, see svelte.config.js).
const sqlitePort = Number(process.env.E2E_PORT || 4173);
const pgPort = sqlitePort + 1;
const results = process.env.E2E_RESULTS || 'test-results';
/** The demo municipality ('berlin') and its admin are seeded with a known password for the tests. */
export const E2E_ADMIN = { email: 'admin@quartier.example', password: 'e2e-admin-password-1234' };
const common = { SEED_DEMO: 'true', ADMIN_EMAIL: E2E_ADMIN.email, ADMIN_PASSWORD: E2E_ADMIN.password, BODY_SIZE_LIMIT: '2M', LOG_LEVEL: 'warn' };

function server(port: number, databaseUrl: string) {
	return {
		command: `node e2e/support/serve.js`,
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore' as const,
		stderr: 'pipe' as const,
		env: { ...common, ...(process.env.QUARTIER_BUILD_DIR ? { QUARTIER_BUILD_DIR: process.env.QUARTIER_BUILD_DIR } : {}), PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, DATABASE_URL: databaseUrl }
	};
}

export default defineConfig({
	testDir: 'e2e',
	// Not test-results/ itself: Playwright empties its outputDir, which also holds the vitest report.
	outputDir: `${results}/playwright-artifacts`,
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: `${results}/playwright.json` }]],
	timeout: 60_000,
	// Both databases' browser tests share two cores in CI (two servers, two browsers): a form round trip with
	// the page after it can take longer than Playwright's default 5 s there without anything being wrong.
	expect: { timeout: 15_000 },
	use: {
		locale: 'de-DE',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	projects: [
		...(withSqlite ? [{ name: 'sqlite', use: { baseURL: `http://127.0.0.1:${sqlitePort}` } }] : []),
		...(withPg ? [{ name: 'postgres', use: { baseURL: `http://127.0.0.1:${pgPort}` } }] : [])
	],
	webServer: [
		...(withSqlite ? [server(sqlitePort, `sqlite:./${results}/e2e.sqlite`)] : []),
		...(withPg ? [server(pgPort, pg!.replace(/\/[^/]*$/, '/quartier_e2e'))] : [])
	]
});
