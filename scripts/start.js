#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs it on the
// embedded SQLite database under ./data (or DATABASE_URL). Migrations and the demo seed run at start-up.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
	let t = 0;
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
	}
	return t;
}

const built = 'build/index.js';
const stale = !existsSync(built) || newest('src') > statSync(built).mtimeMs;
if (stale) {
	console.log('Building Quartier (first start takes about a minute)…');
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, [built], {
	stdio: 'inherit',
	env: { PORT: '3000', BODY_SIZE_LIMIT: '2M', ...process.env }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
