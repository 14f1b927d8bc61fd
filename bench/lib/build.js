// The built app. build/ is shared with the other engineers' e2e runs, so it is only built and read under
// /tmp/quartier-build.lock, and the benchmark runs a private copy (under bench/.work/, inside the repo so
// that the copy still resolves node_modules) that a rebuild during the run cannot change.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

export const LOCK = '/tmp/quartier-build.lock';

function newest(dir) {
	let t = 0;
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
	}
	return t;
}

/** Why the build would be (re)made, or null when it is usable as it is. */
export function buildReason(root, mode) {
	const index = join(root, 'build', 'index.js');
	if (mode === 'always') return 'BENCH_BUILD=always';
	if (!existsSync(index)) return 'build/ is missing';
	if (mode === 'never') return null;
	if (newest(join(root, 'src')) > statSync(index).mtimeMs) return 'src/ is newer than build/';
	return null;
}

/**
 * Runs in a child holding the lock (`flock LOCK node build.js --under-lock ROOT MODE DEST`): builds when needed,
 * then copies build/ to DEST. Kept as one locked step so nobody rebuilds between the check and the copy.
 */
export function prepareBuild(root, mode, dest) {
	const r = spawnSync('flock', [LOCK, process.execPath, new URL(import.meta.url).pathname, '--under-lock', root, mode, dest], {
		cwd: root,
		stdio: ['ignore', 'inherit', 'inherit']
	});
	if (r.error) throw new Error(`flock could not be started: ${r.error.message}`);
	if (r.status !== 0) throw new Error(`preparing the build failed (exit ${r.status}); see the output above`);
	return JSON.parse(readFileSync(join(dest, '.bench-build.json'), 'utf8'));
}

/**
 * The build a benchmark runs: with QUARTIER_BUILD_DIR (a private build of this working copy, see svelte.config.js)
 * a copy of it, no lock needed; otherwise build/ prepared under the shared lock (see prepareBuild).
 */
export function benchBuild(root, mode, dest) {
	const own = process.env.QUARTIER_BUILD_DIR;
	if (!own) return prepareBuild(root, mode, dest);
	cpSync(resolve(root, own), dest, { recursive: true });
	return { rebuilt: false, reason: null, builtAt: statSync(resolve(root, own, 'index.js')).mtime.toISOString(), dir: own };
}

if (process.argv[2] === '--under-lock') {
	const [root, mode, dest] = process.argv.slice(3);
	const reason = buildReason(root, mode);
	if (reason) {
		console.log(`bench: building the app (${reason}) under ${LOCK}…`);
		const started = Date.now();
		const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
		if (b.status !== 0) {
			console.error('bench: `vite build` failed');
			process.exit(1);
		}
		console.log(`bench: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} else if (!existsSync(join(root, 'build', 'index.js'))) {
		console.error('bench: build/ is missing and BENCH_BUILD=never');
		process.exit(1);
	}
	cpSync(join(root, 'build'), dest, { recursive: true });
	const info = { rebuilt: Boolean(reason), reason, builtAt: statSync(join(root, 'build', 'index.js')).mtime.toISOString() };
	writeFileSync(join(dest, '.bench-build.json'), JSON.stringify(info));
	process.exit(0);
}
