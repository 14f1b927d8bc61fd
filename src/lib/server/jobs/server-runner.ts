/**
 * The job runner of the server process: started once from hooks.server.ts `init`. Its timers are unref'd,
 * so it never keeps the process alive; a job cut off by a shutdown is taken up again when its lease expires.
 * Each area registers its job kinds in `jobHandlers` below.
 */
import type { Db } from '../db/connection';
import { log } from '../core/log';
import { IMPORT_OBSERVATIONS_JOB, runObservationImportJob } from '../indicators/import-observations';
import { GRID_IMPORT_JOB, runGridImportJob } from '../indicators/grid-import';
import { JobRunner, type JobHandler } from './runner';

export const jobHandlers: Record<string, JobHandler<never>> = {
	[IMPORT_OBSERVATIONS_JOB]: runObservationImportJob as JobHandler<never>,
	[GRID_IMPORT_JOB]: runGridImportJob as JobHandler<never>
};

let runner: JobRunner | undefined;

/** Starts the runner (idempotent). JOB_RUNNER=off disables it, e.g. for a web-only process. */
export function startServerJobRunner(db: Db): JobRunner | undefined {
	if (process.env.JOB_RUNNER === 'off') return undefined;
	if (runner) return runner;
	runner = new JobRunner({ db, handlers: jobHandlers, pollMs: 2000, leaseMs: 120_000, concurrency: 1 });
	runner.start();
	log('info', 'job runner started', { runner: runner.runnerId, kinds: Object.keys(jobHandlers) });
	return runner;
}

/** Wakes the runner after a job was enqueued in this process. */
export function notifyJobRunner(): void {
	runner?.notify();
}
