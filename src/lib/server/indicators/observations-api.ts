/**
 * Observations for the API: filtered by indicator (id or key), area (id or code) and period, with disclosure
 * control applied per indicator and period before they leave the server. Unknown or foreign filter ids are
 * NotFound (404), never an empty list that would hide a mistake.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { NotFoundError } from '../core/errors';
import { parseInput } from '../core/validate';
import { discloseObservations } from './disclose';
import { findIndicator, findIndicatorByKey, listIndicators, toObservation, type Indicator } from './indicators.repository';

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const observationQueryInput = z.object({
	indicator: z.string().trim().min(1).max(60).optional().meta({ description: 'Indicator id or key' }),
	area: z.string().trim().min(1).max(60).optional().meta({ description: 'Statistical area id or code' }),
	period: z
		.string()
		.trim()
		.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'error.invalid')
		.optional(),
	limit: z.coerce.number().int().min(1).max(10_000).default(1000),
	offset: z.coerce.number().int().min(0).default(0)
});

export interface ApiObservation {
	indicatorId: string;
	indicatorKey: string;
	areaId: string;
	areaCode: string;
	period: string;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	flags: string[];
}

export async function queryObservations(db: Db['kysely'], municipalityId: string, query: unknown): Promise<{ data: ApiObservation[]; total: number; limit: number; offset: number }> {
	const q = parseInput(observationQueryInput, query);
	let indicator: Indicator | undefined;
	if (q.indicator) {
		indicator = uuidLike.test(q.indicator) ? await findIndicator(db, municipalityId, q.indicator) : await findIndicatorByKey(db, municipalityId, q.indicator);
		if (!indicator) throw new NotFoundError('indicator');
	}
	let areaId: string | undefined;
	if (q.area) {
		const a = await db
			.selectFrom('statistical_area')
			.select('id')
			.where('municipality_id', '=', municipalityId)
			.where(uuidLike.test(q.area) ? 'id' : 'code', '=', q.area)
			.executeTakeFirst();
		if (!a) throw new NotFoundError('statistical_area');
		areaId = a.id;
	}
	let base = db
		.selectFrom('observation as o')
		.innerJoin('statistical_area as a', (j) => j.onRef('a.id', '=', 'o.area_id').onRef('a.municipality_id', '=', 'o.municipality_id'))
		.where('o.municipality_id', '=', municipalityId);
	if (indicator) base = base.where('o.indicator_id', '=', indicator.id);
	if (areaId) base = base.where('o.area_id', '=', areaId);
	if (q.period) base = base.where('o.period', '=', q.period);
	const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const rows = await base
		.select(['o.indicator_id', 'o.area_id', 'o.period', 'o.value', 'o.numerator', 'o.denominator', 'o.suppressed', 'o.estimated', 'o.provisional', 'o.limited', 'a.code'])
		.orderBy('o.indicator_id')
		.orderBy('o.period')
		.orderBy('a.code')
		.limit(q.limit)
		.offset(q.offset)
		.execute();
	const indicators = new Map((await listIndicators(db, municipalityId)).map((i) => [i.id, i]));
	// Disclosure works on the figures of one indicator and one period.
	const groups = new Map<string, { raw: ReturnType<typeof toObservation> & { areaCode: string }; at: number }[]>();
	rows.forEach((r, at) => {
		const k = `${r.indicator_id}\u0000${r.period}`;
		const list = groups.get(k) ?? [];
		list.push({ raw: { ...toObservation(r), areaCode: r.code }, at });
		groups.set(k, list);
	});
	const out: ApiObservation[] = new Array(rows.length);
	for (const list of groups.values()) {
		const ind = indicators.get(list[0].raw.indicatorId)!;
		const disclosed = discloseObservations(ind, list.map((x) => x.raw));
		disclosed.figures.forEach((f, i) => {
			out[list[i].at] = {
				indicatorId: ind.id,
				indicatorKey: ind.key,
				areaId: f.areaId,
				areaCode: f.areaCode,
				period: f.period,
				value: f.value,
				numerator: f.numerator,
				denominator: f.denominator,
				flags: [...f.flags, ...(f.limited ? ['limited'] : [])]
			};
		});
	}
	return { data: out, total, limit: q.limit, offset: q.offset };
}
