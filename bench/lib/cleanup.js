// Cleanup registry: every process and temp dir the benchmark creates registers a synchronous undo step, run in
// reverse order on success, on failure, on Ctrl-C/SIGTERM and (as a last resort) on process exit.
const steps = [];
let ran = false;

/** Registers an undo step; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(label, fn) {
	const step = { label, fn, done: false };
	steps.push(step);
	return () => runStep(step);
}

function runStep(step) {
	if (step.done) return;
	step.done = true;
	try {
		step.fn();
	} catch (e) {
		console.error(`cleanup "${step.label}" failed: ${e?.message ?? e}`);
	}
}

export function cleanupAll() {
	if (ran) return;
	ran = true;
	for (const step of [...steps].reverse()) runStep(step);
}

process.on('exit', cleanupAll);
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
	process.on(sig, () => {
		console.error(`\nbench: ${sig} received, cleaning up`);
		cleanupAll();
		process.exit(code);
	});
}
