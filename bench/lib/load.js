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

export async function measure({ url, headers = {}, connections, duration, warmup, cpuGroups = {} }) {
	const times = [];
	const instance = autocannon({
		url,
		headers,
		connections,
		duration,
		pipelining: 1,
		timeout: 10,
		warmup: warmup > 0 ? { connections, duration: warmup } : undefined
	});
	// With a warm-up, the returned tracker only reports the measured run.
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
	});
	// CPU is sampled over the measured run only: 'start' fires on this tracker after the warm-up.
	const groups = { ...cpuGroups, loadGenerator: { pids: [process.pid], tree: false } };
	let cpuStart = null;
	instance.on('start', () => {
		cpuStart = cpuSnapshot(groups);
	});
	const r = await instance;
	const cpu = cpuUse(cpuStart, cpuSnapshot(groups));
	times.sort((a, b) => a - b);
	const failures = r.errors + r.timeouts + r.non2xx;
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
		failures: { errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statusCodeStats: r.statusCodeStats },
		cpuCores: cpu,
		ok: failures === 0 && times.length > 0,
		autocannon: {
			latency: r.latency,
			requests: r.requests,
			throughput: r.throughput,
			warmup: r.warmup ? { requests: r.warmup.requests?.total, non2xx: r.warmup.non2xx, errors: r.warmup.errors } : null
		}
	};
}
