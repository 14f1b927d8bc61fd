// Small helpers for the child processes of the benchmark: free ports, detached children with their output in a
// log file, and stopping a child's whole process group.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { onCleanup } from './cleanup.js';

export function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Last lines of a log file, for error messages. */
export function tail(file, lines = 30) {
	if (!existsSync(file)) return '';
	return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Starts a long-running child in its own process group with stdout/stderr appended to logFile.
 * Registers a cleanup that kills the group; returns { child, stop } where stop() ends it gracefully.
 */
export function startDaemon(label, command, args, { env, cwd, logFile }) {
	const fd = openSync(logFile, 'a');
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	let exited = child.exitCode !== null;
	const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
		exited = true;
		resolve({ code, signal });
	}));
	child.once('error', () => { exited = true; });
	const killGroup = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			/* already gone */
		}
	};
	const forceCleanup = onCleanup(label, () => { if (!exited) killGroup('SIGKILL'); });
	async function stop(signal = 'SIGTERM', graceMs = 5000) {
		if (!exited) {
			killGroup(signal);
			const timer = sleep(graceMs).then(() => 'timeout');
			if ((await Promise.race([exitPromise, timer])) === 'timeout') killGroup('SIGKILL');
			await Promise.race([exitPromise, sleep(2000)]);
		}
		forceCleanup();
	}
	return { child, stop, exited: () => exited, exitPromise };
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command, args, opts = {}) {
	const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
	if (r.error) throw new Error(`${command} could not be started: ${r.error.message}`);
	if (r.status !== 0) {
		const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n${out}`);
	}
	return r.stdout ?? '';
}

/** Polls an HTTP URL until it answers 200 or the process dies or the timeout passes. */
export async function waitForHttp(url, { timeoutMs = 60_000, alive = () => true, what = url } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		if (!alive()) throw new Error(`${what} exited before answering on ${url}`);
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (res.ok) return;
			last = `HTTP ${res.status}`;
		} catch (e) {
			last = e.cause?.code ?? e.message;
		}
		await sleep(200);
	}
	throw new Error(`${what} did not answer 200 on ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}
