import type { TestInfo } from '@playwright/test';
import { openDb, type Db } from '$lib/server/db/connection';

/** The database the project's test server runs on (see playwright.config.ts), opened from the test process. */
export function openProjectDb(info: TestInfo): Db {
	if (info.project.name === 'postgres') {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) throw new Error('TEST_DATABASE_URL is not set');
		return openDb(url.replace(/\/[^/]*$/, '/quartier_e2e'));
	}
	// The server writes to the same file from its process (job runner, requests). On a loaded two-core CI
	// machine its transactions can keep the write lock busy for longer than the server's default 5 s.
	return openDb(`sqlite:./${process.env.E2E_RESULTS || 'test-results'}/e2e.sqlite`, { busyTimeoutMs: 30_000 });
}
