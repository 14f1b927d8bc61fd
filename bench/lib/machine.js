// The machine a benchmark ran on, as every report records it.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';

/** CPUs (nproc: what this process may use), model, Node, kernel, memory and the load average at start. */
export function machine() {
	const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
	return {
		nproc: Number(spawnSync('nproc', [], { encoding: 'utf8' }).stdout?.trim()) || cpus().length,
		cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? cpus()[0]?.model ?? 'unknown',
		node: process.version,
		kernel: release(),
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100)
	};
}
