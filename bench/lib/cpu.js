// Where the CPU went during a measured run, from /proc: the server under test (with its child processes),
// PostgreSQL, the load generator (this process) and everything else on the machine. The machine is shared, so
// "other" tells whether a figure was taken on a quiet machine; "server" near 1.0 means the Node process was
// saturated, "load generator" near 1.0 means autocannon was the limit (typical for nginx).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

function procStat() {
	const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
	const busy = user + nice + system + irq + softirq + (steal ?? 0);
	return { busy, total: busy + idle + iowait };
}

function processes() {
	const out = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const s = readFileSync(`/proc/${name}/stat`, 'utf8');
			const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
			out.set(Number(name), { ppid: Number(f[1]), jiffies: Number(f[11]) + Number(f[12]) });
		} catch {
			/* exited meanwhile */
		}
	}
	return out;
}

/** groups: { name: { pids: number[], tree: boolean } } — tree counts the processes' descendants too. */
export function cpuSnapshot(groups) {
	const stat = procStat();
	const procs = processes();
	const children = new Map();
	for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
	const sums = {};
	for (const [name, g] of Object.entries(groups)) {
		const seen = new Set();
		const stack = [...g.pids.filter(Boolean)];
		while (stack.length) {
			const pid = stack.pop();
			if (seen.has(pid) || !procs.has(pid)) continue;
			seen.add(pid);
			if (g.tree) stack.push(...(children.get(pid) ?? []));
		}
		sums[name] = [...seen].reduce((a, pid) => a + procs.get(pid).jiffies, 0);
	}
	return { stat, sums };
}

/** CPU use between two snapshots in cores (1.0 = one core busy the whole time), per group and "other". */
export function cpuUse(a, b) {
	if (!a || !b) return null;
	const perCore = (b.stat.total - a.stat.total) / cpus().length;
	if (perCore <= 0) return null;
	const round = (x) => Math.round(Math.max(0, x) * 100) / 100;
	const out = {};
	let ours = 0;
	for (const name of Object.keys(b.sums)) {
		const d = b.sums[name] - (a.sums[name] ?? 0);
		ours += d;
		out[name] = round(d / perCore);
	}
	out.other = round((b.stat.busy - a.stat.busy - ours) / perCore);
	return out;
}

/**
 * Waits (up to maxWaitS) until other processes use less than `threshold` cores over a 2 s window, so a run does
 * not start in the middle of a teammate's build. Returns { waitedS, otherCores } of the last window.
 */
export async function waitForQuiet({ maxWaitS, threshold = 0.25, groups = {} }) {
	const started = Date.now();
	const all = { ...groups, self: { pids: [process.pid], tree: false } };
	let other = null;
	do {
		const a = cpuSnapshot(all);
		await new Promise((r) => setTimeout(r, 2000));
		other = cpuUse(a, cpuSnapshot(all))?.other ?? null;
		if (other !== null && other < threshold) break;
	} while (Date.now() - started < maxWaitS * 1000);
	return { waitedS: Math.round((Date.now() - started) / 1000), otherCores: other };
}
