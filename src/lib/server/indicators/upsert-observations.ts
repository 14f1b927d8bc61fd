import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError, ValidationError, type FieldErrors } from '../core/errors';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { upsertObservationsInput } from './indicator-input';
import { toIndicator, type Indicator } from './indicators.repository';
import { canImportStatistics } from './policies';
import { writeObservations, type ObservationWrite } from './write-observations';

export { upsertObservationsInput };

/**
 * An indicator or area id of the batch that is not this municipality's (another municipality's or none at all:
 * both get the same answer, so the API reveals nothing about other municipalities). The API answers 404 with
 * the paths of the offending fields.
 */
export class UnknownReferenceError extends NotFoundError {
	constructor(readonly fieldErrors: FieldErrors) {
		super('indicator or statistical_area');
	}
}

/**
 * Stores a batch of observations (API, small corrections): validated, ids checked against the municipality,
 * written idempotently in one transaction with one audit entry that counts rows instead of listing them.
 * Ids that are not this municipality's → UnknownReferenceError (404, nothing written); invalid rows →
 * ValidationError (422).
 */
export async function upsertObservations(opts: { ctx: CommandContext; input: unknown }): Promise<{ inserted: number; updated: number }> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const input: z.output<typeof upsertObservationsInput> = parseInput(upsertObservationsInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const indicators = await indicatorsById(trx, municipalityId, input.observations.map((o) => o.indicatorId));
		const areas = await existingAreaIds(trx, municipalityId, input.observations.map((o) => o.areaId));
		// The first 100 offending fields are named (a batch may have a million rows).
		const unknown: FieldErrors = {};
		let named = 0;
		input.observations.forEach((o, i) => {
			for (const f of ['indicatorId', 'areaId'] as const) {
				const ok = f === 'indicatorId' ? indicators.has(o.indicatorId) : areas.has(o.areaId);
				if (!ok && named++ < 100) unknown[`observations.${i}.${f}`] = ['error.unknownReference'];
			}
		});
		if (named > 0) throw new UnknownReferenceError(unknown);
		const errors: FieldErrors = {};
		const seen = new Set<string>();
		const rows: ObservationWrite[] = [];
		input.observations.forEach((o, i) => {
			const at = (f: string) => (errors[`observations.${i}.${f}`] ??= []);
			const ind = indicators.get(o.indicatorId)!;
			const key = `${o.indicatorId}|${o.areaId}|${o.period}`;
			if (seen.has(key)) at('period').push('error.duplicateCode');
			seen.add(key);
			const checked = checkObservation(ind, o);
			for (const [f, k] of checked.errors) at(f).push(k);
			rows.push(checked.row);
		});
		if (Object.keys(errors).length) throw new ValidationError(errors);
		const counts = await writeObservations(trx, municipalityId, rows);
		return {
			result: counts,
			audit: {
				action: 'upsert',
				entity: 'observation',
				entityId: null,
				after: { ...counts, indicators: [...new Set(rows.map((r) => indicators.get(r.indicatorId)!.key))].sort(), periods: [...new Set(rows.map((r) => r.period))].sort() }
			}
		};
	});
}

/**
 * Checks an observation against its indicator: counts are not negative, a share's numerator does not exceed
 * its denominator, and a share given only as numerator/denominator gets its value computed.
 */
export function checkObservation(ind: Indicator, o: Omit<ObservationWrite, 'indicatorId' | 'areaId' | 'period'> & { indicatorId: string; areaId: string; period: string }): { row: ObservationWrite; errors: [string, string][] } {
	const errors: [string, string][] = [];
	let value = o.value;
	for (const f of ['numerator', 'denominator'] as const) if (o[f] !== null && (o[f] as number) < 0) errors.push([f, 'error.negative']);
	if (ind.valueKind === 'count' && value !== null && value < 0) errors.push(['value', 'error.negative']);
	if (ind.valueKind === 'share') {
		if (o.numerator !== null && o.denominator !== null && o.numerator > o.denominator) errors.push(['numerator', 'error.tooBig']);
		if (value === null && !o.suppressed && o.numerator !== null && o.denominator !== null && o.denominator > 0) value = (o.numerator / o.denominator) * ind.scale;
	}
	if (value === null && !o.suppressed && o.numerator === null) errors.push(['value', 'error.required']);
	return { row: { ...o, value: o.suppressed ? null : value }, errors };
}

export async function indicatorsById(trx: Transaction<Database>, municipalityId: string, ids: readonly string[]): Promise<Map<string, Indicator>> {
	const unique = [...new Set(ids)];
	const out = new Map<string, Indicator>();
	for (let i = 0; i < unique.length; i += 1000) {
		const rows = await trx.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('id', 'in', unique.slice(i, i + 1000)).execute();
		for (const r of rows) out.set(r.id, toIndicator(r));
	}
	return out;
}

async function existingAreaIds(trx: Transaction<Database>, municipalityId: string, ids: readonly string[]): Promise<Set<string>> {
	const unique = [...new Set(ids)];
	const out = new Set<string>();
	for (let i = 0; i < unique.length; i += 1000) {
		const rows = await trx.selectFrom('statistical_area').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', unique.slice(i, i + 1000)).execute();
		for (const r of rows) out.add(r.id);
	}
	return out;
}
