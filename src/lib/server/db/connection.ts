import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema';
import { log } from '../core/log';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
	kysely: Kysely<Database>;
	dialect: DialectName;
	close(): Promise<void>;
}

// int8 (counts, cents) arrives as string by default; our values stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v: string) => Number.parseFloat(v));

/**
 * Opens the database named by a URL: `postgres://…` / `postgresql://…` for PostgreSQL, otherwise
 * `sqlite:<path>` or a plain file path for the embedded SQLite database.
 */
export function openDb(url: string, opts: { busyTimeoutMs?: number } = {}): Db {
	if (/^postgres(ql)?:\/\//.test(url)) {
		const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
		// An idle client that loses its connection (server restart, admin termination) emits 'error' on the
		// pool; without a listener that would crash the process. The pool replaces the client on next use.
		pool.on('error', (e) => log('warn', 'idle database connection lost', { error: e.message }));
		const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
	}
	const file = resolve(url.replace(/^sqlite:(\/\/)?/, ''));
	mkdirSync(dirname(file), { recursive: true });
	const sqlite = new SQLite(file);
	// Durability first: WAL with full fsync; foreign keys are off by default in SQLite.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	// How long a write waits for another process's write lock (the CLI, a second web process, a test
	// fixture) before failing with "database is locked". The server's own queries share one connection.
	sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
	const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}
