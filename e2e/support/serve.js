// Starts the built app for the browser tests on a fresh database: removes the SQLite file or recreates
// the PostgreSQL database first, so every run starts from the same empty state.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (/^postgres/.test(url)) {
	const u = new URL(url);
	const name = u.pathname.slice(1);
	u.pathname = '/postgres';
	const c = new pg.Client({ connectionString: u.toString() });
	await c.connect();
	await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	await c.query(`CREATE DATABASE ${name}`);
	await c.end();
} else {
	const file = url.replace(/^sqlite:/, '');
	for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
// QUARTIER_BUILD_DIR: another build directory (see svelte.config.js), for parallel runs of several working copies.
const build = process.env.QUARTIER_BUILD_DIR;
await import(build ? pathToFileURL(resolve(build, 'index.js')).href : '../../build/index.js');
