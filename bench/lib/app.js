// The built app (the private copy of build/) on a fresh database, started as the e2e tests do:
// `node build/index.js` with the demo municipality seeded (SEED_DEMO=true) and a known admin password.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startDaemon, tail, waitForHttp } from './procs.js';

export const ADMIN = { email: 'admin@quartier.example', password: 'bench-admin-password-1234' };

export async function startApp({ buildDir, databaseUrl, logFile, cwd, env: extraEnv = {} }) {
	if (databaseUrl.startsWith('sqlite:')) {
		const file = databaseUrl.slice('sqlite:'.length);
		for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
	}
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: process.env.LANG ?? 'C.UTF-8',
		NODE_ENV: 'production',
		DATABASE_URL: databaseUrl,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SEED_DEMO: 'true',
		ADMIN_EMAIL: ADMIN.email,
		ADMIN_PASSWORD: ADMIN.password,
		LOG_LEVEL: 'warn',
		...extraEnv
	};
	const d = startDaemon(`app (${databaseUrl})`, process.execPath, [join(buildDir, 'index.js')], { env, cwd, logFile });
	try {
		await waitForHttp(`${origin}/healthz`, { timeoutMs: 60_000, alive: () => !d.exited(), what: 'the app' });
	} catch (e) {
		await d.stop();
		throw new Error(`${e.message}\n--- app log ---\n${tail(logFile)}`);
	}
	return { origin, pid: d.child.pid, stop: () => d.stop(), alive: () => !d.exited() };
}
