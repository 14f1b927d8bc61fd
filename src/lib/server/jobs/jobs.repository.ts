/**
 * A small job table through Kysely that works on SQLite and PostgreSQL (pg-boss/graphile-worker are
 * PostgreSQL-only). A job is claimed with a lease: the runner that holds it renews the lease by heartbeats;
 * a job whose lease ran out (its runner died) is claimed again, until max_attempts is used up.
 *
 * Claiming is exclusive on both databases:
 * - PostgreSQL: UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING *: concurrent
 *   runners skip the row another transaction has locked instead of waiting for it or taking it twice.
 * - SQLite: one UPDATE … WHERE id = (SELECT … LIMIT 1) AND <still claimable> RETURNING * statement. A
 *   statement is its own transaction and takes the single write lock before it reads, so two connections
 *   (or processes) are serialised and the second sees the first one's claim. It is deliberately a single
 *   statement and not BEGIN … COMMIT with awaits in between: better-sqlite3 waits for a lock synchronously,
 *   and a second connection in the same process would then block the event loop that must commit the first.
 */
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { Database, JobTable } from '../db/schema';
import { newId, nowIso } from '../core/ids';

type Q = Kysely<Database> | Transaction<Database>;

export type JobStatus = JobTable['status'];

export interface Job<P = unknown> {
	id: string;
	municipalityId: string | null;
	kind: string;
	payload: P;
	status: JobStatus;
	attempts: number;
	maxAttempts: number;
	runAfter: string;
	lockedBy: string | null;
	leaseUntil: string | null;
	heartbeatAt: string | null;
	progressDone: number;
	progressTotal: number | null;
	result: unknown;
	error: string | null;
	createdBy: string | null;
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
}

export const toJob = (r: JobTable): Job => ({
	id: r.id,
	municipalityId: r.municipality_id,
	kind: r.kind,
	payload: JSON.parse(r.payload),
	status: r.status,
	attempts: Number(r.attempts),
	maxAttempts: Number(r.max_attempts),
	runAfter: r.run_after,
	lockedBy: r.locked_by,
	leaseUntil: r.lease_until,
	heartbeatAt: r.heartbeat_at,
	progressDone: Number(r.progress_done),
	progressTotal: r.progress_total === null ? null : Number(r.progress_total),
	result: r.result === null ? null : JSON.parse(r.result),
	error: r.error,
	createdBy: r.created_by,
	createdAt: r.created_at,
	startedAt: r.started_at,
	finishedAt: r.finished_at
});

export interface EnqueueOptions {
	kind: string;
	payload?: unknown;
	municipalityId?: string | null;
	createdBy?: string | null;
	maxAttempts?: number;
	/** Not before this time (ISO). */
	runAfter?: string;
	/** Set the id in advance (e.g. to link it from an import run written in the same transaction). */
	id?: string;
}

/** Adds a job; pass the command's transaction so the job exists only if the command commits. */
export async function enqueueJob(db: Q, opts: EnqueueOptions): Promise<Job> {
	const now = nowIso();
	const row: JobTable = {
		id: opts.id ?? newId(),
		municipality_id: opts.municipalityId ?? null,
		kind: opts.kind,
		payload: JSON.stringify(opts.payload ?? {}),
		status: 'queued',
		attempts: 0,
		max_attempts: opts.maxAttempts ?? 3,
		run_after: opts.runAfter ?? now,
		locked_by: null,
		lease_until: null,
		heartbeat_at: null,
		progress_done: 0,
		progress_total: null,
		result: null,
		error: null,
		created_by: opts.createdBy ?? null,
		created_at: now,
		started_at: null,
		finished_at: null,
		updated_at: now
	};
	await db.insertInto('job').values(row).execute();
	return toJob(row);
}

/** A job of this municipality (null: not found here). System jobs (no municipality) are not visible to tenants. */
export async function findJob(db: Q, municipalityId: string, id: string): Promise<Job | undefined> {
	const r = await db.selectFrom('job').selectAll().where('id', '=', id).where('municipality_id', '=', municipalityId).executeTakeFirst();
	return r && toJob(r);
}

/** Any job by id, for the runner and tests. */
export async function findJobById(db: Q, id: string): Promise<Job | undefined> {
	const r = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
	return r && toJob(r);
}

export async function listJobs(db: Q, municipalityId: string, limit = 50): Promise<Job[]> {
	const rows = await db
		.selectFrom('job')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map(toJob);
}

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export interface ClaimOptions {
	runnerId: string;
	leaseMs: number;
	/** Only these kinds (the runner's handlers). */
	kinds?: readonly string[];
	now?: string;
}

/**
 * Takes the oldest claimable job: queued and due, or running with an expired lease (its runner is gone).
 * Returns undefined when there is none. attempts counts claims, so a job that keeps killing its runner ends
 * failed after max_attempts instead of looping for ever.
 */
export async function claimJob(db: Db, opts: ClaimOptions): Promise<Job | undefined> {
	if (opts.kinds && opts.kinds.length === 0) return undefined;
	const now = opts.now ?? nowIso();
	const k = db.kysely;
	const claimable = (eb: ExpressionBuilder<Database, 'job'>) =>
		eb.and([
			eb('attempts', '<', eb.ref('max_attempts')),
			eb.or([
				eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
				eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])
			]),
			...(opts.kinds ? [eb('kind', 'in', [...opts.kinds])] : [])
		]);
	let pick = k.selectFrom('job').select('id').where(claimable).orderBy('run_after').orderBy('created_at').orderBy('id').limit(1);
	if (db.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
	const row = await k
		.updateTable('job')
		.set((eb) => ({
			status: 'running',
			locked_by: opts.runnerId,
			lease_until: addMs(now, opts.leaseMs),
			heartbeat_at: now,
			attempts: eb('attempts', '+', 1),
			started_at: sql<string>`coalesce(started_at, ${now})`,
			error: null,
			updated_at: now
		}))
		.where('id', '=', pick)
		// Repeated outside the sub-select: on SQLite this is what makes a claim that lost a race a no-op.
		.where(claimable)
		.returningAll()
		.executeTakeFirst();
	return row && toJob(row);
}

/**
 * Jobs whose lease ran out and that have no attempt left: marked failed (called by the runner's poll, so a
 * job that crashed its runner max_attempts times does not stay "running" for ever).
 */
export async function failExhaustedJobs(db: Q, now = nowIso()): Promise<number> {
	const r = await db
		.updateTable('job')
		.set({ status: 'failed', error: 'lease expired after the last attempt', locked_by: null, lease_until: null, finished_at: now, updated_at: now })
		.where('status', '=', 'running')
		.where('lease_until', '<', now)
		.where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

/**
 * Renews the lease and stores progress. False when this runner no longer holds the job (the lease ran out
 * and another runner took it): the caller must stop working on it.
 */
export async function heartbeatJob(
	db: Q,
	opts: { id: string; runnerId: string; leaseMs: number; progress?: { done: number; total: number | null } }
): Promise<boolean> {
	const now = nowIso();
	const r = await db
		.updateTable('job')
		.set({
			heartbeat_at: now,
			lease_until: addMs(now, opts.leaseMs),
			updated_at: now,
			...(opts.progress ? { progress_done: Math.floor(opts.progress.done), progress_total: opts.progress.total === null ? null : Math.floor(opts.progress.total) } : {})
		})
		.where('id', '=', opts.id)
		.where('locked_by', '=', opts.runnerId)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function completeJob(db: Q, opts: { id: string; runnerId: string; result?: unknown; progress?: { done: number; total: number | null } }): Promise<boolean> {
	const now = nowIso();
	const r = await db
		.updateTable('job')
		.set({
			status: 'succeeded',
			result: JSON.stringify(opts.result ?? null),
			locked_by: null,
			lease_until: null,
			finished_at: now,
			updated_at: now,
			...(opts.progress ? { progress_done: opts.progress.done, progress_total: opts.progress.total } : {})
		})
		.where('id', '=', opts.id)
		.where('locked_by', '=', opts.runnerId)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/**
 * Records a failed attempt. With attempts left (and retry not ruled out) the job goes back to the queue after
 * a backoff; otherwise it ends failed. The message is kept either way.
 */
export async function failJob(
	db: Q,
	opts: { id: string; runnerId: string; message: string; retry?: boolean; backoffMs?: number; progress?: { done: number; total: number | null } }
): Promise<{ status: JobStatus } | null> {
	const now = nowIso();
	const current = await db.selectFrom('job').select(['attempts', 'max_attempts']).where('id', '=', opts.id).where('locked_by', '=', opts.runnerId).executeTakeFirst();
	if (!current) return null;
	const retry = opts.retry !== false && Number(current.attempts) < Number(current.max_attempts);
	const message = opts.message.slice(0, 2000);
	const progress = opts.progress ? { progress_done: Math.floor(opts.progress.done), progress_total: opts.progress.total === null ? null : Math.floor(opts.progress.total) } : {};
	await db
		.updateTable('job')
		.set({
			...progress,
			...(retry
				? { status: 'queued', error: message, locked_by: null, lease_until: null, run_after: addMs(now, opts.backoffMs ?? 1000 * 2 ** Number(current.attempts)), updated_at: now }
				: { status: 'failed', error: message, locked_by: null, lease_until: null, finished_at: now, updated_at: now })
		})
		.where('id', '=', opts.id)
		.where('locked_by', '=', opts.runnerId)
		.execute();
	return { status: retry ? 'queued' : 'failed' };
}
