// One autocannon measurement: a warm-up that is not counted, then the measured run. Latency percentiles are
// computed here from every 2xx response time (autocannon's own histogram keeps whole milliseconds, which
// reads 0 ms for nginx and makes p99 ratios meaningless); autocannon's own summary is kept in the raw JSON.
import autocannon from 'autocannon';
import { cpuSnapshot, cpuUse } from './cpu.js';

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[idx];
}

const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measure({ url, headers = {}, connections, duration, warmup, cpuGroups = {} }) {
	// A slow answer is still an answer: a 30 s timeout keeps it in the latency figures instead of dropping it.
	const base = { url, headers, connections, pipelining: 1, timeout: 30 };
	let warm = null;
	if (warmup > 0) {
		// The warm-up is a separate run (not autocannon's built-in one) so that we can wait afterwards: the
		// requests it abandons when it stops are still being rendered by the server and would otherwise eat
		// into the measured run. They started at most the slowest warm-up latency ago.
		const w = await autocannon({ ...base, duration: warmup });
		warm = { requests: w.requests.total, non2xx: w.non2xx, errors: w.errors, timeouts: w.timeouts, latencyMaxMs: w.latency.max };
		await sleep(Math.min(30_000, Math.ceil(w.latency.max || 0) + 100));
	}
	const times = [];
	const instance = autocannon({ ...base, duration });
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
	});
	const groups = { ...cpuGroups, loadGenerator: { pids: [process.pid], tree: false } };
	let cpuStart = null;
	instance.on('start', () => {
		cpuStart = cpuSnapshot(groups);
	});
	const r = await instance;
	const cpu = cpuUse(cpuStart, cpuSnapshot(groups));
	times.sort((a, b) => a - b);
	const failures = { errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statusCodeStats: r.statusCodeStats };
	let problem = null;
	// A non-2xx answer means the wrong page is being measured (login redirect, error page): fatal. Errors and
	// timeouts are the server's behaviour under load: reported, not fatal.
	if (r.non2xx > 0) problem = `non-2xx responses under load: ${JSON.stringify(failures)}`;
	else if (!times.length) problem = `no request completed within the ${duration} s run (raise BENCH_DURATION)`;
	return {
		requestsPerSecond: round(r.requests.average, 1),
		latencyMs: {
			p50: round(percentile(times, 50)),
			p90: round(percentile(times, 90)),
			p99: round(percentile(times, 99)),
			max: round(times.at(-1) ?? NaN),
			mean: round(times.reduce((a, b) => a + b, 0) / (times.length || 1))
		},
		requests: r.requests.total,
		durationS: r.duration,
		bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
		failures,
		cpuCores: cpu,
		problem,
		autocannon: { latency: r.latency, requests: r.requests, throughput: r.throughput, warmup: warm }
	};
}
