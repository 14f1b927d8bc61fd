import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../db/connection';
import { migrateToLatest } from '../db/migrate';

export type DbKind = 'sqlite' | 'postgres';

/**
 * The databases repository tests run on. PostgreSQL comes from TEST_DATABASE_URL, which the test command
 * sets after starting a throwaway cluster; with REQUIRE_POSTGRES=1 (CI) its absence is an error, not a skip.
 */
export function dbKinds(): DbKind[] {
	if (process.env.TEST_DATABASE_URL) return ['sqlite', 'postgres'];
	if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
	return ['sqlite'];
}

export interface TestDb {
	db: Db;
	cleanup(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated database: a new SQLite file, or a new database on the test PostgreSQL server. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
	if (kind === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'quartier-test-'));
		const db = openDb(`sqlite:${join(dir, 'test.sqlite')}`);
		await migrateToLatest(db);
		return {
			db,
			async cleanup() {
				await db.close();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `qt_${process.pid}_${Date.now()}_${counter++}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const db = openDb(url.toString());
	await migrateToLatest(db);
	return {
		db,
		async cleanup() {
			await db.close();
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}
