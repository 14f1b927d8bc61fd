/** Kysely queries the statistics views need beyond indicators.repository.ts. Every function takes the municipality id. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Q = Kysely<Database>;

/** Per indicator and period: how many observations (for "latest period" and coverage on the start page). */
export async function observationCountsByPeriod(db: Q, municipalityId: string): Promise<{ indicatorId: string; period: string; n: number }[]> {
	const rows = await db
		.selectFrom('observation')
		.select(['indicator_id', 'period'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.groupBy(['indicator_id', 'period'])
		.execute();
	return rows.map((r) => ({ indicatorId: r.indicator_id, period: r.period, n: Number(r.n) }));
}

/** Spatial levels with observations of an indicator (in a period), most areas first. */
export async function levelsWithData(db: Q, municipalityId: string, indicatorId: string, period?: string): Promise<{ level: string; n: number }[]> {
	let q = db
		.selectFrom('observation as o')
		.innerJoin('statistical_area as a', (j) => j.onRef('a.id', '=', 'o.area_id').onRef('a.municipality_id', '=', 'o.municipality_id'))
		.select('a.level')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('o.municipality_id', '=', municipalityId)
		.where('o.indicator_id', '=', indicatorId);
	if (period) q = q.where('o.period', '=', period);
	const rows = await q.groupBy('a.level').execute();
	return rows.map((r) => ({ level: r.level, n: Number(r.n) })).sort((a, b) => b.n - a.n || a.level.localeCompare(b.level));
}

/** Districts composed of statistical areas (only those have a statistical profile). */
export async function districtsWithAreas(db: Q, municipalityId: string): Promise<{ id: string; name: string; code: string; parentId: string | null; areas: number }[]> {
	const rows = await db
		.selectFrom('district as d')
		.innerJoin('district_area as da', (j) => j.onRef('da.district_id', '=', 'd.id').onRef('da.municipality_id', '=', 'd.municipality_id'))
		.select(['d.id', 'd.name', 'd.code', 'd.parent_id'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('d.municipality_id', '=', municipalityId)
		.groupBy(['d.id', 'd.name', 'd.code', 'd.parent_id'])
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, parentId: r.parent_id, areas: Number(r.n) }));
}

/** Periods with any observation for the given areas, oldest first. */
export async function periodsForAreas(db: Q, municipalityId: string, areaIds: readonly string[]): Promise<string[]> {
	const out = new Set<string>();
	for (let i = 0; i < areaIds.length; i += 1000) {
		const rows = await db
			.selectFrom('observation')
			.select('period')
			.distinct()
			.where('municipality_id', '=', municipalityId)
			.where('area_id', 'in', areaIds.slice(i, i + 1000))
			.execute();
		for (const r of rows) out.add(r.period);
	}
	return [...out].sort();
}
