import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb, type Db } from '../db/connection';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { claimJob, completeJob, enqueueJob, failJob, findJob, findJobById, heartbeatJob, listJobs } from './jobs.repository';
import { JobRunner, PermanentJobError, liveJobProgress, type JobHandler } from './runner';

/** A second connection to the same database, as a second server process would have. */
async function secondConnection(t: TestDb, kind: string): Promise<Db> {
	if (kind === 'postgres') {
		const { rows } = await sql<{ n: string }>`select current_database() as n`.execute(t.db.kysely);
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.pathname = `/${rows[0].n}`;
		return openDb(url.toString());
	}
	const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(t.db.kysely);
	return openDb(`sqlite:${rows[0].file}`);
}

const waitFor = async (cond: () => Promise<boolean>, ms = 10_000) => {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await cond()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error('timed out');
};

describe.each(dbKinds())('jobs [%s]', (kind) => {
	let t: TestDb;
	let other: Db;
	let mId: string;
	let otherM: string;

	beforeAll(async () => {
		t = await createTestDb(kind);
		other = await secondConnection(t, kind);
		mId = (await createTenant(t.db)).municipality.id;
		otherM = (await createTenant(t.db)).municipality.id;
	});
	afterAll(async () => {
		await other.close();
		await t.cleanup();
	});

	const clear = () => t.db.kysely.deleteFrom('job').execute();

	it('enqueues, claims with a lease, heartbeats with progress and completes', async () => {
		await clear();
		const job = await enqueueJob(t.db.kysely, { kind: 'demo', payload: { n: 3 }, municipalityId: mId, createdBy: 'u1' });
		expect(job).toMatchObject({ status: 'queued', attempts: 0, progressDone: 0, payload: { n: 3 } });
		const claimed = await claimJob(t.db, { runnerId: 'r1', leaseMs: 60_000 });
		expect(claimed).toMatchObject({ id: job.id, status: 'running', lockedBy: 'r1', attempts: 1 });
		expect(Date.parse(claimed!.leaseUntil!) - Date.now()).toBeGreaterThan(50_000);
		expect(await claimJob(t.db, { runnerId: 'r2', leaseMs: 60_000 })).toBeUndefined();
		expect(await heartbeatJob(t.db.kysely, { id: job.id, runnerId: 'r1', leaseMs: 60_000, progress: { done: 2, total: 3 } })).toBe(true);
		expect(await heartbeatJob(t.db.kysely, { id: job.id, runnerId: 'r2', leaseMs: 60_000 })).toBe(false);
		expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ progressDone: 2, progressTotal: 3 });
		expect(await completeJob(t.db.kysely, { id: job.id, runnerId: 'r2', result: 'no' })).toBe(false);
		expect(await completeJob(t.db.kysely, { id: job.id, runnerId: 'r1', result: { ok: 1 }, progress: { done: 3, total: 3 } })).toBe(true);
		expect(await findJob(t.db.kysely, mId, job.id)).toMatchObject({ status: 'succeeded', result: { ok: 1 }, progressDone: 3, lockedBy: null });
		// Tenancy: another municipality does not see it.
		expect(await findJob(t.db.kysely, otherM, job.id)).toBeUndefined();
		expect(await listJobs(t.db.kysely, otherM)).toEqual([]);
		expect((await listJobs(t.db.kysely, mId)).map((j) => j.id)).toEqual([job.id]);
	});

	it('does not claim jobs before run_after, of other kinds, or without attempts left', async () => {
		await clear();
		await enqueueJob(t.db.kysely, { kind: 'later', runAfter: new Date(Date.now() + 60_000).toISOString() });
		await enqueueJob(t.db.kysely, { kind: 'other-kind' });
		expect(await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000, kinds: ['later', 'demo'] })).toBeUndefined();
		expect(await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000, kinds: [] })).toBeUndefined();
		expect(await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000, kinds: ['other-kind'] })).toMatchObject({ kind: 'other-kind' });
	});

	it('retries with a backoff, then fails with the message once attempts are used up', async () => {
		await clear();
		const job = await enqueueJob(t.db.kysely, { kind: 'flaky', maxAttempts: 2 });
		await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000 });
		expect(await failJob(t.db.kysely, { id: job.id, runnerId: 'r2', message: 'not mine' })).toBeNull();
		expect(await failJob(t.db.kysely, { id: job.id, runnerId: 'r1', message: 'Verbindung verloren', backoffMs: 0 })).toEqual({ status: 'queued' });
		expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ status: 'queued', error: 'Verbindung verloren', attempts: 1, lockedBy: null });
		const again = await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000 });
		expect(again).toMatchObject({ attempts: 2, error: null });
		expect(await failJob(t.db.kysely, { id: job.id, runnerId: 'r1', message: 'wieder verloren' })).toEqual({ status: 'failed' });
		expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ status: 'failed', error: 'wieder verloren' });
		expect(await claimJob(t.db, { runnerId: 'r1', leaseMs: 1000 })).toBeUndefined();
	});

	it('takes over a job whose lease expired; the old runner can no longer write', async () => {
		await clear();
		const past = new Date(Date.now() - 120_000).toISOString();
		const job = await enqueueJob(t.db.kysely, { kind: 'slow', runAfter: past });
		expect(await claimJob(t.db, { runnerId: 'dead', leaseMs: 1000, now: past })).toMatchObject({ lockedBy: 'dead' });
		const taken = await claimJob(t.db, { runnerId: 'alive', leaseMs: 60_000 });
		expect(taken).toMatchObject({ id: job.id, lockedBy: 'alive', attempts: 2 });
		expect(await heartbeatJob(t.db.kysely, { id: job.id, runnerId: 'dead', leaseMs: 1000 })).toBe(false);
		expect(await completeJob(t.db.kysely, { id: job.id, runnerId: 'dead' })).toBe(false);
	});

	it('claiming is exclusive: two runners on two connections never take the same job', async () => {
		await clear();
		const n = 40;
		for (let i = 0; i < n; i++) await enqueueJob(t.db.kysely, { kind: 'race', payload: { i } });
		const claims: Record<string, string[]> = { a: [], b: [] };
		const grab = async (db: Db, who: 'a' | 'b') => {
			for (;;) {
				const j = await claimJob(db, { runnerId: who, leaseMs: 60_000 });
				if (!j) return;
				claims[who].push(j.id);
			}
		};
		// Several concurrent claimers per connection as well (the pool on PostgreSQL, the queue on SQLite).
		await Promise.all([grab(t.db, 'a'), grab(other, 'b'), grab(t.db, 'a'), grab(other, 'b')]);
		const all = [...claims.a, ...claims.b];
		expect(all).toHaveLength(n);
		expect(new Set(all).size).toBe(n);
		const rows = await t.db.kysely.selectFrom('job').select(['locked_by', 'attempts']).where('kind', '=', 'race').execute();
		expect(rows.every((r) => Number(r.attempts) === 1)).toBe(true);
		expect(rows.filter((r) => r.locked_by === 'a').length).toBe(claims.a.length);
	});

	it('two running runners process every job exactly once, recording progress and failures', async () => {
		await clear();
		const seen: string[] = [];
		const handlers: Record<string, JobHandler<never>> = {
			count: (async (ctx) => {
				const p = ctx.job.payload as { n: number; fail?: boolean; permanent?: boolean };
				for (let i = 1; i <= p.n; i++) {
					await ctx.yield();
					ctx.progress(i, p.n);
				}
				if (p.permanent) throw new PermanentJobError('Datei unlesbar');
				if (p.fail) throw new Error('kaputt');
				seen.push(ctx.job.id);
				return { counted: p.n };
			}) as JobHandler<never>
		};
		const ids: string[] = [];
		for (let i = 0; i < 12; i++) ids.push((await enqueueJob(t.db.kysely, { kind: 'count', payload: { n: 5 + i } })).id);
		const bad = await enqueueJob(t.db.kysely, { kind: 'count', payload: { n: 2, fail: true }, maxAttempts: 2 });
		const perm = await enqueueJob(t.db.kysely, { kind: 'count', payload: { n: 2, permanent: true }, maxAttempts: 3 });
		const r1 = new JobRunner({ db: t.db, handlers, pollMs: 20, leaseMs: 30_000, concurrency: 2 });
		const r2 = new JobRunner({ db: other, handlers, pollMs: 20, leaseMs: 30_000, concurrency: 2 });
		r1.start();
		r2.start();
		try {
			await waitFor(async () => {
				const open = await t.db.kysely
					.selectFrom('job')
					.select('id')
					.where('status', 'in', ['queued', 'running'])
					.where('id', '!=', bad.id)
					.execute();
				const b = await findJobById(t.db.kysely, bad.id);
				return open.length === 0 && b?.status === 'failed';
			}, 20_000);
		} finally {
			await Promise.all([r1.stop(), r2.stop()]);
		}
		expect(seen.sort()).toEqual([...ids].sort());
		for (const id of ids) {
			const j = await findJobById(t.db.kysely, id);
			expect(j).toMatchObject({ status: 'succeeded', attempts: 1 });
			expect(j!.progressDone).toBe(j!.progressTotal);
			expect(j!.result).toEqual({ counted: (j!.payload as { n: number }).n });
		}
		expect(await findJobById(t.db.kysely, bad.id)).toMatchObject({ status: 'failed', attempts: 2, error: 'kaputt', progressDone: 2, progressTotal: 2 });
		expect(await findJobById(t.db.kysely, perm.id)).toMatchObject({ status: 'failed', attempts: 1, error: 'Datei unlesbar' });
	});

	it('does not block the event loop and shows live progress while a job runs', async () => {
		await clear();
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const handlers: Record<string, JobHandler<never>> = {
			long: (async (ctx) => {
				ctx.progress(0, 1000);
				for (let i = 0; i < 1000; i++) {
					if (i % 100 === 0) await ctx.yield();
					ctx.progress(i + 1);
					if (i === 499) await gate;
				}
				return null;
			}) as JobHandler<never>
		};
		const job = await enqueueJob(t.db.kysely, { kind: 'long' });
		const r = new JobRunner({ db: t.db, handlers, pollMs: 10, leaseMs: 30_000, heartbeatMs: 20 });
		r.start();
		try {
			await waitFor(async () => liveJobProgress(job.id)?.done === 500);
			// A timer fires while the job is mid-way: the loop is free.
			await new Promise((res) => setTimeout(res, 5));
			await waitFor(async () => (await findJobById(t.db.kysely, job.id))?.progressDone === 500);
			expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ status: 'running', progressTotal: 1000 });
			release();
			await waitFor(async () => (await findJobById(t.db.kysely, job.id))?.status === 'succeeded');
		} finally {
			release();
			await r.stop();
		}
		expect(liveJobProgress(job.id)).toBeUndefined();
		expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ progressDone: 1000, progressTotal: 1000 });
	});

	it('a stopping runner puts its running job back into the queue', async () => {
		await clear();
		const handlers: Record<string, JobHandler<never>> = {
			endless: (async (ctx) => {
				for (;;) await ctx.yield();
			}) as JobHandler<never>
		};
		const job = await enqueueJob(t.db.kysely, { kind: 'endless' });
		const r = new JobRunner({ db: t.db, handlers, pollMs: 10, leaseMs: 30_000 });
		r.start();
		await waitFor(async () => (await findJobById(t.db.kysely, job.id))?.status === 'running');
		await r.stop();
		expect(await findJobById(t.db.kysely, job.id)).toMatchObject({ status: 'queued', error: 'runner stopping', lockedBy: null });
	});
});
