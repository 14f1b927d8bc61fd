/**
 * The column mapping form of the statistics import wizard. Fields (all column indices as strings, '' = none):
 *   areaColumn, areaBy (code | name | codeOrName), periodColumn or fixedPeriod, flagColumn,
 *   and per indicator: value.<key>, numerator.<key>, denominator.<key>.
 * One column may serve several indicators (population is the value of one and the denominator of shares).
 * Pure: turns the submitted form into an ObservationMapping with field errors, and proposes a form from the
 * header names so that most files need no change.
 */
import { ValidationError, type FieldErrors } from '../core/errors';
import { normalizeName } from '../statistics/import/area-matching';
import { normalizePeriod, type ObservationMapping, type ValueColumn } from '../statistics/import/observations-import';
import type { DecimalConvention } from '../statistics/import/numbers';

export interface MappingIndicator {
	key: string;
	name: string;
	valueKind: 'count' | 'share' | 'other';
}

export type MappingForm = Record<string, string>;

const AREA_BY = ['code', 'name', 'codeOrName'] as const;

/** Builds the mapping; throws ValidationError keyed by the form's field names (or `_form`). */
export function mappingFromForm(header: readonly string[], form: MappingForm, indicators: readonly MappingIndicator[], conventions?: DecimalConvention[]): ObservationMapping {
	const errors: FieldErrors = {};
	const add = (field: string, key: string) => (errors[field] ??= []).push(key);
	const column = (field: string): number | undefined => {
		const v = (form[field] ?? '').trim();
		if (v === '') return undefined;
		const n = Number(v);
		if (!Number.isInteger(n) || n < 0 || n >= header.length) {
			add(field, 'error.invalidChoice');
			return undefined;
		}
		return n;
	};

	const areaColumn = column('areaColumn');
	const by = (form.areaBy ?? 'codeOrName') as (typeof AREA_BY)[number];
	if (areaColumn === undefined && !errors.areaColumn) add('areaColumn', 'statistics.mapping.error.areaMissing');
	if (!AREA_BY.includes(by)) add('areaBy', 'error.invalidChoice');

	let period: ObservationMapping['period'] | undefined;
	const periodColumn = column('periodColumn');
	const fixed = (form.fixedPeriod ?? '').trim();
	if (periodColumn !== undefined) {
		period = { column: periodColumn };
		if (fixed) add('fixedPeriod', 'statistics.mapping.error.periodBoth');
	} else if (!fixed) {
		if (!errors.periodColumn) add('fixedPeriod', 'statistics.mapping.error.periodMissing');
	} else {
		const p = normalizePeriod(fixed);
		if (!p) add('fixedPeriod', 'statistics.mapping.error.periodInvalid');
		else period = { fixed: p };
	}
	const flagColumn = column('flagColumn');

	const values: ValueColumn[] = [];
	for (const ind of indicators) {
		const v = column(`value.${ind.key}`);
		const n = column(`numerator.${ind.key}`);
		const d = column(`denominator.${ind.key}`);
		if (v === undefined && n === undefined && d === undefined) continue;
		if ((n === undefined) !== (d === undefined)) add(n === undefined ? `numerator.${ind.key}` : `denominator.${ind.key}`, 'statistics.mapping.error.pairIncomplete');
		else if (v === undefined && ind.valueKind !== 'share') add(`value.${ind.key}`, 'statistics.mapping.error.valueRequired');
		values.push({ indicatorKey: ind.key, ...(v !== undefined ? { column: v } : {}), ...(n !== undefined ? { numeratorColumn: n } : {}), ...(d !== undefined ? { denominatorColumn: d } : {}) });
	}
	if (values.length === 0) add('_form', 'statistics.mapping.error.noValues');
	if (Object.keys(errors).length) throw new ValidationError(errors);
	return {
		area: { column: areaColumn!, by },
		period: period!,
		values,
		...(flagColumn !== undefined ? { rowFlagColumns: [flagColumn] } : {}),
		...(conventions ? { conventions } : {})
	};
}

/** The form of a stored mapping, to fill it in again. */
export function formFromMapping(mapping: ObservationMapping): MappingForm {
	const form: MappingForm = {
		areaColumn: String(mapping.area.column),
		areaBy: mapping.area.by,
		periodColumn: 'column' in mapping.period ? String(mapping.period.column) : '',
		fixedPeriod: 'fixed' in mapping.period ? mapping.period.fixed : '',
		flagColumn: mapping.rowFlagColumns?.length ? String(mapping.rowFlagColumns[0]) : ''
	};
	for (const v of mapping.values) {
		if (v.column !== undefined) form[`value.${v.indicatorKey}`] = String(v.column);
		if (v.numeratorColumn !== undefined) form[`numerator.${v.indicatorKey}`] = String(v.numeratorColumn);
		if (v.denominatorColumn !== undefined) form[`denominator.${v.indicatorKey}`] = String(v.denominatorColumn);
	}
	return form;
}

const AREA_CODE = /^(schluessel|schl|code|kennziffer|nummer|nr|id|gebietsschluessel|planungsraum|plr|plrid|lor|ags|bezirksnummer|gebietsnummer)$/;
const AREA_NAME = /^(name|gebiet|stadtteil|ortsteil|quartier|bezirk|gebietsname|bezeichnung|plrname|planungsraumname)$/;
const PERIOD = /^(jahr|stichtag|zeitraum|periode|datum|year|period|date|berichtsjahr)$/;
const FLAGS = /^(kennzeichen|hinweis|flag|flags|werterlaeuterndezeichen|anmerkung)$/;

/** A proposed form from the header: area, period, flags, and value columns whose header names an indicator. */
export function suggestForm(header: readonly string[], indicators: readonly MappingIndicator[]): MappingForm {
	const form: MappingForm = { areaBy: 'codeOrName' };
	const names = header.map((h) => normalizeName(h));
	const find = (re: RegExp) => names.findIndex((n) => re.test(n));
	const code = find(AREA_CODE);
	const name = find(AREA_NAME);
	if (code >= 0) [form.areaColumn, form.areaBy] = [String(code), 'code'];
	else if (name >= 0) [form.areaColumn, form.areaBy] = [String(name), 'name'];
	const period = find(PERIOD);
	if (period >= 0) form.periodColumn = String(period);
	const flags = find(FLAGS);
	if (flags >= 0) form.flagColumn = String(flags);
	const taken = new Set([code, name, period, flags]);
	// Gendered forms are compared without "-innen" ("Einwohner" = "Einwohner/-innen").
	const plain = (x: string) => normalizeName(x).replace(/innen/g, '');
	const headers = header.map(plain);
	for (const ind of indicators) {
		const wanted = [plain(ind.name), plain(ind.key)];
		const c = headers.findIndex((n, i) => !taken.has(i) && wanted.includes(n));
		if (c >= 0) {
			form[`value.${ind.key}`] = String(c);
			taken.add(c);
		}
	}
	return form;
}
