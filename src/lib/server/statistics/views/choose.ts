/**
 * Choosing a district (handbook chapter 2, "Stadtteil auswählen … auf Grundlage aussagekräftiger
 * Indikatoren"; issue 3, point 7): a composite index over indicators the user picks, configured entirely by
 * GET parameters (so it works without JavaScript and every result has a link), with a ranking that explains
 * each area's position and a view of how sensitive the ranking is to one weight. The index is computed on
 * disclosure-controlled figures: a suppressed value counts as missing.
 *
 * The preset "Berlin MSS 2021 Statusindex" configures it like the published Berlin social monitoring
 * (domain/statistics/mss-preset.ts) and reproduces its classes on the demo data (choose.test.ts).
 */
import { z } from 'zod';
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig, type Direction, type ExclusionReason, type MissingPolicy } from '../../../domain/statistics/composite-index';
import { explainAll } from '../../../domain/statistics/explain';
import { weightSensitivity } from '../../../domain/statistics/sensitivity';
import { MSS_MIN_POPULATION, MSS_OUTLIERS, MSS_STATUS_CLASSES, MSS_STATUS_THRESHOLDS } from '../../../domain/statistics/mss-preset';
import { isSuppressed } from '../../../domain/statistics/disclosure-symbols';
import { indicatorAcrossAreas } from '../../indicators/indicator-figures';
import { listAreas, listIndicators, listPeriods, type Indicator } from '../../indicators/indicators.repository';
import { MSS_KEYS, P2020 } from '../../indicators/seed-demo-statistics';
import type { ExportCell, ExportTable } from './export';
import { numberFormat, periodLabel } from './format';
import { htmlTable, type ViewCtx } from './views';
import { levelsWithData, observationCountsByPeriod } from './views.repository';

export const PRESET_MSS = 'mss2021';

const num = (s: string) => Number(s.trim().replace(/\u2212/g, '-').replace(',', '.'));
const numberList = (raw: string) =>
	raw
		.split(/[;\s]+/)
		.filter(Boolean)
		.map(num);

export interface ChooseForm {
	period: string;
	indicators: { id: string; name: string; unit: string; checked: boolean; direction: Direction; weight: string }[];
	thresholds: string;
	minPopulation: string;
	exclude: string;
	missing: MissingPolicy;
	sensitivity: string;
	sensitivityWeights: string;
	preset: string | null;
}

type Errors = Record<string, string[]>;

const defaultDirection = (i: Indicator): Direction => (i.direction === 'higher_is_better' ? 'higherIsBetter' : 'higherIsWorse');
const fmtNumber = (n: number) => String(n).replace('.', ',');

/**
 * The query string of the MSS preset for this municipality, or null when its catalogue lacks the MSS
 * indicators (the preset needs the three status indicators with data for 31.12.2020).
 */
export async function mssPresetQuery(ctx: ViewCtx): Promise<string | null> {
	const indicators = await listIndicators(ctx.db, ctx.municipalityId);
	const ids = (['S1', 'S3', 'S4'] as const).map((k) => indicators.find((i) => i.key === MSS_KEYS[k])?.id);
	if (ids.some((id) => !id)) return null;
	const q = new URLSearchParams({ preset: PRESET_MSS, period: P2020 });
	for (const id of ids) {
		q.append('ind', id!);
		q.set(`dir_${id}`, 'higherIsWorse');
		q.set(`w_${id}`, '1');
	}
	q.set('thr', MSS_STATUS_THRESHOLDS.map(fmtNumber).join('; '));
	q.set('minPop', String(MSS_MIN_POPULATION));
	q.set('exclude', Object.keys(MSS_OUTLIERS).join(' '));
	q.set('missing', 'excludeArea');
	q.set('sens', ids[2]!);
	q.set('sensW', '0; 0,5; 2');
	return q.toString();
}

export async function chooseView(ctx: ViewCtx, query: URLSearchParams) {
	const [indicators, counts] = await Promise.all([listIndicators(ctx.db, ctx.municipalityId), observationCountsByPeriod(ctx.db, ctx.municipalityId)]);
	const withData = new Set(counts.map((c) => c.indicatorId));
	const usable = indicators.filter((i) => withData.has(i.id));
	const periods = [...new Set(counts.map((c) => c.period))].sort();
	const chosenIds = query.getAll('ind').filter((id) => usable.some((i) => i.id === id));
	const errors: Errors = {};
	const addError = (field: string, key: string) => (errors[field] ??= []).push(key);

	// ---- read the form (every value is validated; errors are shown next to the field)
	const form: ChooseForm = {
		period: query.get('period') ?? '',
		indicators: usable.map((i) => {
			const dir = query.get(`dir_${i.id}`);
			return {
				id: i.id,
				name: i.name,
				unit: i.unit,
				checked: chosenIds.includes(i.id),
				direction: dir === 'higherIsBetter' || dir === 'higherIsWorse' ? dir : defaultDirection(i),
				weight: query.get(`w_${i.id}`) ?? '1'
			};
		}),
		thresholds: query.get('thr') ?? '-1; 1; 1,5',
		minPopulation: query.get('minPop') ?? '',
		exclude: query.get('exclude') ?? '',
		missing: query.get('missing') === 'ignoreIndicator' ? 'ignoreIndicator' : 'excludeArea',
		sensitivity: query.get('sens') ?? '',
		sensitivityWeights: query.get('sensW') ?? '',
		preset: query.get('preset') === PRESET_MSS ? PRESET_MSS : null
	};
	const submitted = query.has('ind') || query.has('thr');
	const base = {
		form,
		periods: periods.map((p) => ({ value: p, label: periodLabel(p, ctx.locale) })),
		errors,
		submitted,
		result: null as null | Awaited<ReturnType<typeof compute>>
	};
	if (!submitted) return base;
	if (chosenIds.length === 0) addError('ind', 'statsView.choose.error.noIndicator');
	const weights = new Map<string, number>();
	for (const id of chosenIds) {
		const w = num(form.indicators.find((i) => i.id === id)!.weight);
		if (!Number.isFinite(w) || w < 0 || w > 100) addError(`w_${id}`, 'statsView.choose.error.weight');
		else weights.set(id, w);
	}
	if (chosenIds.length && [...weights.values()].every((w) => w === 0) && weights.size === chosenIds.length) addError('ind', 'statsView.choose.error.allZero');
	const thresholds = numberList(form.thresholds);
	if (thresholds.length === 0 || thresholds.length > 6 || thresholds.some((t) => !Number.isFinite(t)) || thresholds.some((t, i) => i > 0 && !(t > thresholds[i - 1])))
		addError('thr', 'statsView.choose.error.thresholds');
	const minPop = form.minPopulation.trim() === '' ? undefined : z.coerce.number().int().min(0).max(10_000_000).safeParse(form.minPopulation.trim()).data;
	if (form.minPopulation.trim() !== '' && minPop === undefined) addError('minPop', 'statsView.choose.error.minPopulation');
	const period = periods.includes(form.period) ? form.period : null;
	if (!period) addError('period', 'statsView.choose.error.period');
	const sensWeights = form.sensitivityWeights.trim() ? numberList(form.sensitivityWeights) : null;
	if (sensWeights && (sensWeights.length > 6 || sensWeights.some((w) => !Number.isFinite(w) || w < 0 || w > 100))) addError('sensW', 'statsView.choose.error.sensitivityWeights');
	if (Object.keys(errors).length) return base;

	base.result = await compute(ctx, {
		indicators: chosenIds.map((id) => indicators.find((i) => i.id === id)!),
		directions: new Map(form.indicators.map((i) => [i.id, i.direction])),
		weights,
		period: period!,
		thresholds,
		minPopulation: minPop,
		excludeCodes: form.exclude.split(/[\s,;]+/).filter(Boolean),
		missing: form.missing,
		sensitivity: chosenIds.includes(form.sensitivity) ? form.sensitivity : chosenIds[0],
		sensitivityWeights: sensWeights,
		preset: form.preset
	});
	return base;
}

const reasonKey: Record<ExclusionReason, string> = {
	manual: 'statsView.choose.reason.manual',
	belowMinPopulation: 'statsView.choose.reason.belowMinPopulation',
	populationUnknown: 'statsView.choose.reason.populationUnknown',
	missingValues: 'statsView.choose.reason.missingValues',
	noValues: 'statsView.choose.reason.noValues'
};

async function compute(
	ctx: ViewCtx,
	c: {
		indicators: Indicator[];
		directions: Map<string, Direction>;
		weights: Map<string, number>;
		period: string;
		thresholds: number[];
		minPopulation: number | undefined;
		excludeCodes: string[];
		missing: MissingPolicy;
		sensitivity: string;
		sensitivityWeights: number[] | null;
		preset: string | null;
	}
) {
	const level = (await levelsWithData(ctx.db, ctx.municipalityId, c.indicators[0].id, c.period))[0]?.level ?? null;
	const areas = level ? await listAreas(ctx.db, ctx.municipalityId, level) : [];
	const values = new Map<string, Record<string, number | null>>(areas.map((a) => [a.id, {}]));
	for (const ind of c.indicators) {
		const across = level ? await indicatorAcrossAreas(ctx.db, ctx.municipalityId, { indicatorId: ind.id, period: c.period, level }) : { areas: [] };
		for (const a of across.areas) {
			const v = values.get(a.areaId);
			if (v) v[ind.id] = isSuppressed(a.flags) ? null : a.value;
		}
	}
	// Population of the same date as the figures when the catalogue has it (the MSS counts inhabitants of
	// its own reference date), else the population stored with the area.
	const popIndicator = (await listIndicators(ctx.db, ctx.municipalityId)).find((i) => i.key === 'population' && i.valueKind === 'count');
	const population = new Map<string, number | null>(areas.map((a) => [a.id, a.population]));
	let populationSource: 'indicator' | 'area' = 'area';
	if (popIndicator && level && (await listPeriods(ctx.db, ctx.municipalityId, popIndicator.id)).includes(c.period)) {
		populationSource = 'indicator';
		for (const a of areas) population.set(a.id, null);
		const pop = await indicatorAcrossAreas(ctx.db, ctx.municipalityId, { indicatorId: popIndicator.id, period: c.period, level });
		for (const a of pop.areas) population.set(a.areaId, isSuppressed(a.flags) ? null : a.value);
	}
	const byCode = new Map(areas.map((a) => [a.code, a]));
	const unknownCodes = c.excludeCodes.filter((code) => !byCode.has(code));
	const manualExclusions: Record<string, string> = {};
	for (const code of c.excludeCodes) {
		const a = byCode.get(code);
		if (a) manualExclusions[a.id] = c.preset === PRESET_MSS && MSS_OUTLIERS[code] ? MSS_OUTLIERS[code] : ctx.t('statsView.choose.reason.manualNote');
	}
	const config: CompositeIndexConfig = {
		indicators: c.indicators.map((i) => ({ key: i.id, direction: c.directions.get(i.id) ?? 'higherIsWorse', weight: c.weights.get(i.id) ?? 1 })),
		classThresholds: c.thresholds,
		missing: c.missing,
		minPopulation: c.minPopulation,
		manualExclusions,
		sd: 'population'
	};
	const inputs: AreaInput[] = areas.map((a) => ({ areaId: a.id, population: population.get(a.id) ?? null, values: values.get(a.id)! }));
	const result = computeCompositeIndex(inputs, config);
	const explanations = explainAll(result);
	const areaById = new Map(areas.map((a) => [a.id, a]));
	const nameOf = new Map(c.indicators.map((i) => [i.id, i.name]));
	const f2 = numberFormat(ctx.locale, 2, true);
	const fPop = numberFormat(ctx.locale, 0);
	const classCount = c.thresholds.length + 1;
	const classLabel = (k: number) => {
		const lo = k === 1 ? null : c.thresholds[k - 2];
		const hi = k === classCount ? null : c.thresholds[k - 1];
		const range =
			lo === null
				? ctx.t('statsView.choose.class.below', { to: numberFormat(ctx.locale, 1).format(hi!) })
				: hi === null
					? ctx.t('statsView.choose.class.above', { from: numberFormat(ctx.locale, 1).format(lo) })
					: ctx.t('statsView.choose.class.between', { from: numberFormat(ctx.locale, 1).format(lo), to: numberFormat(ctx.locale, 1).format(hi) });
		const mss = c.preset === PRESET_MSS && classCount === MSS_STATUS_CLASSES.length ? ` – ${ctx.t(`statsView.choose.mssClass.${k}`)}` : '';
		return `${k} (${range})${mss}`;
	};
	const driverText = (d: { indicator: string; contribution: number }) => `${nameOf.get(d.indicator)} (${f2.format(d.contribution)})`;

	const ranking = explanations.map((e) => {
		const a = areaById.get(e.areaId)!;
		return {
			rank: e.rank,
			code: a.code,
			name: a.name,
			index: e.index,
			class: e.class,
			population: population.get(e.areaId) ?? null,
			up: e.pullingUp.map(driverText),
			down: e.pullingDown.map(driverText)
		};
	});
	const excluded = result.areas
		.filter((s) => !s.included)
		.map((s) => {
			const a = areaById.get(s.areaId)!;
			const reason = s.exclusion!;
			const detail = reason.reason === 'manual' ? reason.note : reason.indicators?.length ? reason.indicators.map((k) => nameOf.get(k)).join(', ') : '';
			return { code: a.code, name: a.name, reason: ctx.t(reasonKey[reason.reason]), detail: detail ?? '' };
		})
		.sort((x, y) => x.code.localeCompare(y.code));

	const table: ExportTable = {
		name: `stadtteilauswahl-${c.period}`,
		title: ctx.t('statsView.choose.tableTitle', { period: periodLabel(c.period, ctx.locale), count: ranking.length }),
		columns: [
			ctx.t('statsView.col.rank'),
			ctx.t('statsView.col.code'),
			ctx.t('statsView.col.area'),
			ctx.t('statsView.col.index'),
			ctx.t('statsView.col.class'),
			ctx.t('statsView.col.population'),
			ctx.t('statsView.choose.col.up'),
			ctx.t('statsView.choose.col.down')
		],
		rows: ranking.map(
			(r): ExportCell[] => [
				{ value: r.rank, flags: [], digits: 0 },
				{ text: r.code },
				{ text: r.name },
				{ value: r.index, flags: [], digits: 2, signed: true },
				{ text: classLabel(r.class) },
				r.population === null ? { text: '.' } : { value: r.population, flags: [], digits: 0 },
				{ text: r.up.join('; ') || '–' },
				{ text: r.down.join('; ') || '–' }
			]
		),
		notes: [
			ctx.t('statsView.choose.note.method', {
				count: result.includedCount,
				thresholds: c.thresholds.map((t) => numberFormat(ctx.locale, 1).format(t)).join(' / ')
			}),
			ctx.t('statsView.choose.note.population', { source: populationSource }),
			...c.indicators.map((i) =>
				ctx.t('statsView.choose.note.indicator', {
					name: i.name,
					direction: ctx.t(`statsView.choose.direction.${c.directions.get(i.id) ?? 'higherIsWorse'}`),
					weight: numberFormat(ctx.locale, 2).format(c.weights.get(i.id) ?? 1)
				})
			),
			...excluded.map((x) => ctx.t('statsView.choose.note.excluded', { code: x.code, name: x.name, reason: x.reason })),
			ctx.t('statsView.note.signs'),
			...[...new Set(c.indicators.map((i) => i.source).filter(Boolean))].map((s) => ctx.t('statsView.note.source', { source: s }))
		]
	};

	// Sensitivity: the chosen indicator's weight set to 0 (left out), half, double — or the given weights.
	const baseWeight = c.weights.get(c.sensitivity) ?? 1;
	const variantWeights = (c.sensitivityWeights ?? [0, baseWeight / 2, baseWeight * 2]).filter((w) => w !== baseWeight);
	const otherPositive = c.indicators.some((i) => i.id !== c.sensitivity && (c.weights.get(i.id) ?? 0) > 0);
	const usableWeights = variantWeights.filter((w) => w > 0 || otherPositive);
	const sens = usableWeights.length ? weightSensitivity(inputs, config, c.sensitivity, usableWeights) : null;
	const sensitivity = sens && {
		indicator: nameOf.get(c.sensitivity) ?? '',
		baseWeight: numberFormat(ctx.locale, 2).format(baseWeight),
		variants: sens.variants.map((v) => {
			const movers = Object.entries(v.rankChange)
				.filter((e): e is [string, number] => e[1] !== null && e[1] !== 0)
				.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]))
				.slice(0, 5)
				.map(([id, change]) => {
					const a = areaById.get(id)!;
					return {
						name: `${a.name} (${a.code})`,
						from: sens.base[id].rank,
						to: v.positions[id].rank,
						change: f2.format(change).replace(/[.,]00$/, ''),
						classFrom: sens.base[id].class,
						classTo: v.positions[id].class
					};
				});
			return {
				weight: numberFormat(ctx.locale, 2).format(v.weight),
				spearman: v.spearman === null ? '–' : numberFormat(ctx.locale, 3).format(v.spearman),
				classChanges: v.classChanges,
				maxRankShift: v.maxRankShift,
				movers
			};
		})
	};

	const classes = Array.from({ length: classCount }, (_, i) => ({ label: classLabel(i + 1), count: ranking.filter((r) => r.class === i + 1).length }));
	return {
		period: c.period,
		periodLabel: periodLabel(c.period, ctx.locale),
		included: result.includedCount,
		total: areas.length,
		unknownCodes,
		classes,
		ranking: ranking.map((r) => ({ ...r, index: f2.format(r.index), classLabel: classLabel(r.class), population: r.population === null ? '.' : fPop.format(r.population) })),
		excluded,
		sensitivity,
		table,
		html: htmlTable(table, ctx.locale),
		/** area code → class, for tests and the MSS comparison */
		classByCode: Object.fromEntries(explanations.map((e) => [areaById.get(e.areaId)!.code, e.class]))
	};
}
