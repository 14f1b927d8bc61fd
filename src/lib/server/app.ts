import { openDb, type Db } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { config } from './core/config';
import { log } from './core/log';

let dbPromise: Promise<Db> | undefined;

/** The process-wide database, opened and migrated once. */
export function getDb(): Promise<Db> {
	dbPromise ??= (async () => {
		const db = openDb(config().DATABASE_URL);
		const applied = await migrateToLatest(db);
		if (applied.length) log('info', 'migrations applied', { applied });
		return db;
	})();
	return dbPromise;
}
