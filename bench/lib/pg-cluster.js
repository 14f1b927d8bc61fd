// A throwaway PostgreSQL cluster in a temp dir on a free port, as scripts/pg-throwaway.sh does for the tests
// (same binaries, same `runuser -u postgres` when running as root, since PostgreSQL refuses to run as root).
// Unlike the test cluster it keeps fsync on: the benchmark should see the server as configured by default.
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { onCleanup } from './cleanup.js';
import { freePort, run, tail } from './procs.js';

function pgBin() {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
	versions.sort((a, b) => Number(a) - Number(b));
	if (!versions.length) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, as `npm test` does)');
	return join(base, versions.at(-1), 'bin');
}

export async function startPgCluster() {
	const bin = pgBin();
	const isRoot = process.getuid?.() === 0;
	const asPg = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
	const dir = mkdtempSync('/tmp/quartier-bench-pg.');
	if (isRoot) chownSync(dir, Number(run('id', ['-u', 'postgres']).trim()), Number(run('id', ['-g', 'postgres']).trim()));
	const data = join(dir, 'data');
	const port = await freePort();
	let started = false;
	const cleanup = onCleanup('postgres cluster', () => {
		if (started) {
			const [c, a] = asPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
			spawnSync(c, a, { stdio: 'ignore' });
		}
		rmSync(dir, { recursive: true, force: true });
	});
	run(...asPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']));
	try {
		started = true;
		run(...asPg(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60',
			'-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, 'start']));
	} catch (e) {
		throw new Error(`${e.message}\n${tail(join(dir, 'server.log'))}`);
	}
	const version = `PostgreSQL ${run(join(bin, 'postgres'), ['--version']).trim().replace(/^postgres \(PostgreSQL\) /, '')}`;
	const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		version,
		adminUrl,
		logFile: join(dir, 'server.log'),
		/** The postmaster's pid (its backends are its children), for the CPU figures. */
		pid() {
			try {
				return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
			} catch {
				return 0;
			}
		},
		/** Drops and creates a database; returns its URL. */
		async freshDatabase(name) {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await c.query(`CREATE DATABASE ${name}`);
			} finally {
				await c.end();
			}
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		stop: cleanup
	};
}
