import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection';
import * as m0001 from './migrations/0001-foundation';
import * as m0003 from './migrations/0003-plans';
import * as m0004 from './migrations/0004-indicators';
import * as m0006 from './migrations/0006-actors';
import * as m0007 from './migrations/0007-needs';
import * as m0008 from './migrations/0008-plan-versions';
import * as m0009 from './migrations/0009-surveys';
import * as m0012 from './migrations/0012-workpaper';
import * as m0011 from './migrations/0011-portal';
import * as m0013 from './migrations/0013-actor-districts';
import * as m0014 from './migrations/0014-need-review';
import * as m0015 from './migrations/0015-plan-content';
import * as m0016 from './migrations/0016-public-content';

type DialectMigration = { up: (db: never, dialect: Db['dialect']) => Promise<void> };

/** The one migration set; each migration gets the dialect for its few type differences. */
const migrations: Record<string, DialectMigration> = {
	'0001-foundation': m0001 as unknown as DialectMigration,
	'0003-plans': m0003 as unknown as DialectMigration,
	'0004-indicators': m0004 as unknown as DialectMigration,
	'0006-actors': m0006 as unknown as DialectMigration,
	'0007-needs': m0007 as unknown as DialectMigration,
	'0008-plan-versions': m0008 as unknown as DialectMigration,
	'0009-surveys': m0009 as unknown as DialectMigration,
	'0011-portal': m0011 as unknown as DialectMigration,
	'0012-workpaper': m0012 as unknown as DialectMigration,
	'0013-actor-districts': m0013 as unknown as DialectMigration,
	'0014-need-review': m0014 as unknown as DialectMigration,
	'0015-plan-content': m0015 as unknown as DialectMigration,
	'0016-public-content': m0016 as unknown as DialectMigration
};

export async function migrateToLatest(db: Db): Promise<string[]> {
	const provider: MigrationProvider = {
		async getMigrations() {
			const out: Record<string, Migration> = {};
			for (const [name, m] of Object.entries(migrations)) {
				out[name] = { up: (k) => m.up(k as never, db.dialect) };
			}
			return out;
		}
	};
	const migrator = new Migrator({ db: db.kysely, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
