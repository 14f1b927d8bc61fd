// nginx as the reference point: the same HTML bytes served as a static file by one worker process (the app is
// one Node process), access log off, keep-alive without a request cap (Node's server has none either).
import { chmodSync, copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, startDaemon, tail, waitForHttp } from './procs.js';

function nginxBinary() {
	for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
	const w = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
	return w.status === 0 ? w.stdout.trim() : null;
}

/** Installs Debian's nginx-light (or nginx) when missing, like scripts/test-all.sh does for Chromium. */
export function ensureNginx() {
	let bin = nginxBinary();
	if (bin) return bin;
	console.log('bench: nginx not found, installing it from Debian…');
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const sh = (cmd) => spawnSync(sudo.length ? 'sudo' : 'sh', sudo.length ? ['sh', '-c', cmd] : ['-c', cmd], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	sh('apt-get update -qq');
	if (sh('apt-get install -y -qq --no-install-recommends nginx-light').status !== 0) {
		sh('apt-get install -y -qq --no-install-recommends nginx');
	}
	bin = nginxBinary();
	if (!bin) throw new Error('nginx is missing and could not be installed (apt-get install nginx-light)');
	return bin;
}

export function nginxVersion(bin) {
	const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
	return (r.stderr || r.stdout).trim().replace(/^nginx version: nginx\//, '');
}

/**
 * Writes a one-worker nginx configuration (access log off, temp paths in dir, keep-alive without a request cap)
 * with the given extra http directives and server locations, checks it, starts nginx on a free loopback port
 * and waits until `readyPath` answers. Returns { origin, pid, stop }.
 */
export async function launchNginx(bin, dir, { http = '', locations, readyPath }) {
	const port = await freePort();
	spawnSync('mkdir', ['-p', join(dir, 'tmp')]);
	const conf = join(dir, 'nginx.conf');
	writeFileSync(
		conf,
		`daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 65;
${http}
  server {
    listen 127.0.0.1:${port};
${locations}
  }
}
`
	);
	const t = spawnSync(bin, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
	if (t.status !== 0) throw new Error(`nginx rejected its configuration:\n${t.stderr}`);
	const log = join(dir, 'nginx.out');
	const d = startDaemon('nginx', bin, ['-p', dir, '-c', conf], { logFile: log });
	const origin = `http://127.0.0.1:${port}`;
	try {
		await waitForHttp(`${origin}${readyPath}`, { timeoutMs: 15_000, alive: () => !d.exited(), what: 'nginx' });
	} catch (e) {
		await d.stop();
		throw new Error(`${e.message}\n${tail(log)}\n${tail(join(dir, 'error.log'))}`);
	}
	return { origin, pid: d.child.pid, stop: () => d.stop() };
}

/** Starts nginx serving htmlFile at /plan on 127.0.0.1; returns { url, stop }. */
export async function startNginx(bin, dir, htmlFile) {
	const root = join(dir, 'www');
	spawnSync('mkdir', ['-p', root]);
	copyFileSync(htmlFile, join(root, 'plan.html'));
	// Workers run as an unprivileged user when started as root: they must be able to read the file.
	for (const d of [dir, root]) chmodSync(d, 0o755);
	chmodSync(join(root, 'plan.html'), 0o644);
	const n = await launchNginx(bin, dir, {
		http: '  sendfile on;\n  tcp_nopush on;',
		locations: `    root ${root};\n    location = /plan { default_type "text/html; charset=utf-8"; try_files /plan.html =404; }`,
		readyPath: '/plan'
	});
	return { url: `${n.origin}/plan`, pid: n.pid, stop: n.stop };
}
