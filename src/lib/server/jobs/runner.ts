/**
 * The job runner: polls the job table, claims a job with a lease, runs its handler, renews the lease by
 * heartbeats (which also store progress), and records success or failure. It lives in the server process
 * and never blocks requests: handlers are async and call `ctx.yield()` between chunks of work, so the event
 * loop serves requests in between; polling and heartbeats run on unref'd timers.
 *
 * Several runners (processes) may share a database: claiming is exclusive (see jobs.repository.ts), and a
 * runner that loses its lease (e.g. it was paused longer than the lease) is told through `ctx.signal` and
 * its late writes are refused by the locked_by guard.
 */
import { hostname } from 'node:os';
import type { Db } from '../db/connection';
import { newId } from '../core/ids';
import { log } from '../core/log';
import { isDomainError } from '../core/errors';
import { claimJob, completeJob, failExhaustedJobs, failJob, heartbeatJob, type Job } from './jobs.repository';

export interface JobContext<P = unknown> {
	job: Job<P>;
	db: Db;
	/** Aborted when the runner stops or loses the job's lease: stop at the next chunk. */
	signal: AbortSignal;
	/** Progress in units of work (rows, cells…); stored with the next heartbeat and shown live in this process. */
	progress(done: number, total?: number | null): void;
	/** Lets the event loop serve requests; also throws when the signal is aborted. */
	yield(): Promise<void>;
}

export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<unknown>;

/** Thrown by a handler for a failure that a retry cannot fix (bad input): the job fails at once. */
export class PermanentJobError extends Error {
	constructor(message: string, readonly detail?: unknown) {
		super(message);
		this.name = 'PermanentJobError';
	}
}

export class JobAbortedError extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'JobAbortedError';
	}
}

export interface RunnerOptions {
	db: Db;
	handlers: Record<string, JobHandler<never>>;
	runnerId?: string;
	pollMs?: number;
	leaseMs?: number;
	heartbeatMs?: number;
	/** Jobs run at the same time by this runner (keep low: the machine serves requests too). */
	concurrency?: number;
}

/** Progress of jobs running in this process, newer than what the last heartbeat stored. */
const live = new Map<string, { done: number; total: number | null }>();
export const liveJobProgress = (jobId: string) => live.get(jobId);

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobRunner {
	readonly runnerId: string;
	private readonly db: Db;
	private readonly handlers: Record<string, JobHandler<never>>;
	private readonly pollMs: number;
	private readonly leaseMs: number;
	private readonly heartbeatMs: number;
	private readonly concurrency: number;
	private running = false;
	private readonly active = new Map<string, { promise: Promise<void>; abort: AbortController }>();
	private wake: (() => void) | null = null;
	private loop: Promise<void> | null = null;

	constructor(opts: RunnerOptions) {
		this.db = opts.db;
		this.handlers = opts.handlers;
		this.runnerId = opts.runnerId ?? `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
		this.pollMs = opts.pollMs ?? 1000;
		this.leaseMs = opts.leaseMs ?? 60_000;
		this.heartbeatMs = opts.heartbeatMs ?? Math.max(50, Math.floor((opts.leaseMs ?? 60_000) / 6));
		this.concurrency = Math.max(1, opts.concurrency ?? 1);
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.loop = this.pollLoop();
	}

	/** Stops claiming, aborts running jobs (they go back to the queue when their handlers stop) and waits for them. */
	async stop(): Promise<void> {
		this.running = false;
		this.wake?.();
		for (const a of this.active.values()) a.abort.abort(new JobAbortedError('runner stopping'));
		await this.loop;
		await Promise.allSettled([...this.active.values()].map((a) => a.promise));
	}

	/** Wakes the loop at once (after enqueueing in this process) instead of waiting for the next poll. */
	notify(): void {
		this.wake?.();
	}

	/** Claims one job and runs it to the end. False when there was none (used by tests and the loop). */
	async runOnce(): Promise<boolean> {
		const job = await claimJob(this.db, { runnerId: this.runnerId, leaseMs: this.leaseMs, kinds: Object.keys(this.handlers) });
		if (!job) return false;
		await this.execute(job);
		return true;
	}

	/** Claims up to the free slots and returns the claimed jobs without waiting for them. */
	private async fill(): Promise<number> {
		let started = 0;
		while (this.running && this.active.size < this.concurrency) {
			const job = await claimJob(this.db, { runnerId: this.runnerId, leaseMs: this.leaseMs, kinds: Object.keys(this.handlers) });
			if (!job) break;
			const abort = new AbortController();
			const promise = this.execute(job, abort).finally(() => {
				this.active.delete(job.id);
				this.wake?.();
			});
			this.active.set(job.id, { promise, abort });
			started++;
		}
		return started;
	}

	private async pollLoop(): Promise<void> {
		while (this.running) {
			try {
				await this.fill();
				await failExhaustedJobs(this.db.kysely);
			} catch (e) {
				log('error', 'job runner poll failed', { runner: this.runnerId, error: String(e) });
			}
			if (!this.running) break;
			await new Promise<void>((resolve) => {
				const t = setTimeout(resolve, this.pollMs);
				t.unref?.();
				this.wake = () => {
					clearTimeout(t);
					resolve();
				};
			});
			this.wake = null;
		}
	}

	private async execute(job: Job, abort = new AbortController()): Promise<void> {
		const handler = this.handlers[job.kind];
		const progress = { done: job.progressDone, total: job.progressTotal };
		live.set(job.id, progress);
		let lost = false;
		// Heartbeats are not awaited by the handler: on SQLite they queue behind a running import transaction
		// on the one connection and land after it, which is why the lease is much longer than a heartbeat.
		let beating: Promise<void> | null = null;
		const beat = () => {
			if (beating) return;
			beating = heartbeatJob(this.db.kysely, { id: job.id, runnerId: this.runnerId, leaseMs: this.leaseMs, progress: { ...progress } })
				.then((held) => {
					if (!held && !lost) {
						lost = true;
						abort.abort(new JobAbortedError('lease lost'));
					}
				})
				.catch((e) => log('warn', 'job heartbeat failed', { job: job.id, error: String(e) }))
				.finally(() => {
					beating = null;
				});
		};
		const timer = setInterval(beat, this.heartbeatMs);
		timer.unref?.();
		const ctx: JobContext = {
			job,
			db: this.db,
			signal: abort.signal,
			progress(done, total) {
				progress.done = done;
				if (total !== undefined) progress.total = total;
			},
			async yield() {
				await yieldToEventLoop();
				if (abort.signal.aborted) throw abort.signal.reason ?? new JobAbortedError('aborted');
			}
		};
		try {
			if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
			const result = await handler(ctx as JobContext<never>);
			clearInterval(timer);
			await beating;
			if (!lost) await completeJob(this.db.kysely, { id: job.id, runnerId: this.runnerId, result, progress: { ...progress } });
		} catch (e) {
			clearInterval(timer);
			await beating;
			if (lost) return; // another runner owns the job now; nothing of ours may be written
			const stopping = e instanceof JobAbortedError;
			const permanent = e instanceof PermanentJobError || isDomainError(e);
			const message = e instanceof Error ? e.message : String(e);
			if (!stopping) log(permanent ? 'warn' : 'error', 'job failed', { job: job.id, kind: job.kind, attempt: job.attempts, error: message });
			try {
				// A job interrupted by a shutdown did not fail: it goes back to the queue without a backoff.
				await failJob(this.db.kysely, { id: job.id, runnerId: this.runnerId, message, retry: !permanent, backoffMs: stopping ? 0 : undefined, progress: { ...progress } });
			} catch (e2) {
				log('error', 'recording a job failure failed', { job: job.id, error: String(e2) });
			}
		} finally {
			live.delete(job.id);
		}
	}
}
