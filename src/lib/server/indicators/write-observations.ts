/**
 * Writing observations in chunks inside the caller's transaction. Idempotent: the same indicator/area/period
 * is updated, never duplicated (INSERT … ON CONFLICT (indicator_id, area_id, period) DO UPDATE on both
 * databases). Inserted and updated rows are counted by looking up the chunk's existing keys first (SQLite has
 * no xmax to tell them apart in RETURNING).
 */
import type { Transaction } from 'kysely';
import type { Database, ObservationTable } from '../db/schema';
import { newId, nowIso } from '../core/ids';
import { yieldToEventLoop } from '../jobs/runner';
import type { Observation } from './indicators.repository';

/** An observation ready to be stored (the stored shape); ids are already checked to belong to the municipality. */
export type ObservationWrite = Observation;

/** 15 parameters per row: 500 rows stay below SQLite's and PostgreSQL's parameter limits. */
export const OBSERVATION_CHUNK = 500;

const b = (x: boolean): 0 | 1 => (x ? 1 : 0);

export async function writeObservations(
	trx: Transaction<Database>,
	municipalityId: string,
	rows: readonly ObservationWrite[],
	opts: { importRunId?: string | null; onChunk?: (written: number) => void | Promise<void> } = {}
): Promise<{ inserted: number; updated: number }> {
	let inserted = 0;
	let updated = 0;
	const now = nowIso();
	for (let i = 0; i < rows.length; i += OBSERVATION_CHUNK) {
		const chunk = rows.slice(i, i + OBSERVATION_CHUNK);
		const existing = await existingKeys(trx, municipalityId, chunk);
		const values: ObservationTable[] = chunk.map((o) => ({
			id: newId(),
			municipality_id: municipalityId,
			indicator_id: o.indicatorId,
			area_id: o.areaId,
			period: o.period,
			value: o.suppressed ? null : o.value,
			numerator: o.numerator,
			denominator: o.denominator,
			suppressed: b(o.suppressed),
			estimated: b(o.estimated),
			provisional: b(o.provisional),
			limited: b(o.limited),
			source_import_id: opts.importRunId ?? null,
			created_at: now,
			updated_at: now
		}));
		await trx
			.insertInto('observation')
			.values(values)
			.onConflict((oc) =>
				oc.columns(['indicator_id', 'area_id', 'period']).doUpdateSet((eb) => ({
					value: eb.ref('excluded.value'),
					numerator: eb.ref('excluded.numerator'),
					denominator: eb.ref('excluded.denominator'),
					suppressed: eb.ref('excluded.suppressed'),
					estimated: eb.ref('excluded.estimated'),
					provisional: eb.ref('excluded.provisional'),
					limited: eb.ref('excluded.limited'),
					source_import_id: eb.ref('excluded.source_import_id'),
					updated_at: eb.ref('excluded.updated_at')
				}))
			)
			.execute();
		for (const o of chunk) if (existing.has(keyOf(o))) updated++;
		inserted += chunk.length - chunk.filter((o) => existing.has(keyOf(o))).length;
		await opts.onChunk?.(i + chunk.length);
		// Other requests get the event loop between chunks (on PostgreSQL they also get other pool connections).
		await yieldToEventLoop();
	}
	return { inserted, updated };
}

const keyOf = (o: { indicatorId: string; areaId: string; period: string }) => `${o.indicatorId}\u0000${o.areaId}\u0000${o.period}`;

async function existingKeys(trx: Transaction<Database>, municipalityId: string, chunk: readonly ObservationWrite[]): Promise<Set<string>> {
	const indicatorIds = [...new Set(chunk.map((o) => o.indicatorId))];
	const areaIds = [...new Set(chunk.map((o) => o.areaId))];
	const periods = [...new Set(chunk.map((o) => o.period))];
	const rows = await trx
		.selectFrom('observation')
		.select(['indicator_id', 'area_id', 'period'])
		.where('municipality_id', '=', municipalityId)
		.where('indicator_id', 'in', indicatorIds)
		.where('area_id', 'in', areaIds)
		.where('period', 'in', periods)
		.execute();
	return new Set(rows.map((r) => keyOf({ indicatorId: r.indicator_id, areaId: r.area_id, period: r.period })));
}
