/**
 * The statistics views (issue 3, point 6): start page, district profile against the city, time series with
 * trend, choropleth map, comparison of all areas. Each view returns what its page shows AND the export
 * table and SVG behind its downloads, built from the same disclosure-controlled figures (the figure services
 * in indicators/indicator-figures.ts run discloseObservations before anything is returned), so a page and
 * its CSV/XLSX/SVG/PNG can never differ and no suppressed count can leave through either.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Locale } from '../../../i18n/locales';
import type { Translate } from '../../../i18n';
import { findDistrict } from '../../districts/districts.repository';
import { districtProfile, indicatorAcrossAreas, timeSeries, type AreaFigure, type CityBasis, type Coverage } from '../../indicators/indicator-figures';
import { findAreas, findIndicator, listAreaBoundaries, listAreas, listDistrictAreaIds, listIndicators, listPeriods, type Indicator } from '../../indicators/indicators.repository';
import type { DisclosedFigure } from '../../indicators/disclose';
import type { BoundaryGeometry } from '../../../domain/geojson';
import { isSuppressed } from '../../../domain/statistics/disclosure-symbols';
import { barChartSvg, lineChartSvg } from './charts';
import { choroplethSvg } from './choropleth';
import { classBreaks, classMethods, classOf, type ClassBreaks, type ClassMethod } from './classes';
import { cellDisplay, type ExportCell, type ExportTable } from './export';
import { digitsOf, figureText, numberFormat, periodDate, periodLabel, periodYears } from './format';
import { linearTrend } from './trend';
import { districtsWithAreas, levelsWithData, observationCountsByPeriod, periodsForAreas } from './views.repository';

export interface ViewCtx {
	db: Kysely<Database>;
	municipalityId: string;
	locale: Locale;
	t: Translate;
}

/** A table as the page renders it: the same cells as the export, formatted for the reader. */
export interface HtmlTable {
	caption: string;
	columns: string[];
	/** per column: right-aligned numbers */
	numeric: boolean[];
	rows: string[][];
	/** rows that are totals or summaries (shown emphasised) */
	summaryRows: number[];
}

export function htmlTable(table: ExportTable, locale: Locale, summaryRows: number[] = []): HtmlTable {
	const numeric = table.columns.map((_, i) => table.rows.some((r) => r[i] && !('text' in r[i])));
	return { caption: table.title, columns: table.columns, numeric, rows: table.rows.map((r) => r.map((c) => cellDisplay(c, locale))), summaryRows };
}

const text = (s: string): ExportCell => ({ text: s });
const fig = (f: Pick<DisclosedFigure, 'value' | 'flags'> | null, digits: number, signed = false): ExportCell => ({ value: f?.value ?? null, flags: f?.flags ?? [], digits, signed });

/** The legend of signs and the sources, below every table and in every file. */
function notes(ctx: ViewCtx, indicators: Indicator[]): string[] {
	const sources = [...new Set(indicators.map((i) => i.source).filter(Boolean))];
	return [ctx.t('statsView.note.signs'), ...sources.map((s) => ctx.t('statsView.note.source', { source: s }))];
}

const sourceLine = (ctx: ViewCtx, indicators: Indicator[]) => {
	const s = [...new Set(indicators.map((i) => i.source).filter(Boolean))].join(' · ');
	return s ? ctx.t('statsView.note.source', { source: s }) : '';
};

const unitLabel = (i: Indicator) => (i.unit ? i.unit : '');

type CityCell = { basis: CityBasis; coverage: Coverage };

/** How a city value was obtained, for the table column beside it. */
function cityBasisText(ctx: ViewCtx, c: CityCell): string {
	const { used, areas } = c.coverage;
	if (c.basis === 'stored') return ctx.t('statsView.city.stored');
	if (c.basis === 'all') return c.coverage.withData < areas ? ctx.t('statsView.city.allWithData', { withData: c.coverage.withData, areas }) : ctx.t('statsView.city.allAreas', { areas });
	if (c.basis === 'partial') return used > 0 ? ctx.t('statsView.city.computedFrom', { used, areas }) : ctx.t('statsView.city.secret');
	return ctx.t('statsView.city.notComputable');
}

/**
 * The city as computed from part of the areas, said wherever it is shown: a marked legend label ("computed
 * from 536 of 542 areas*"), the basis column, and the footnote. `null` when every city value is complete.
 */
function cityCoverage(ctx: ViewCtx, cells: CityCell[]) {
	const partial = cells.filter((c) => c.basis === 'partial' && c.coverage.used > 0);
	const stored = cells.some((c) => c.basis === 'stored');
	const incomplete = cells.some((c) => c.basis !== 'all');
	if (!incomplete) return null;
	const cityName = ctx.t('statsView.city');
	let legend = stored && !partial.length ? ctx.t('statsView.city.legendStored', { city: cityName }) : cityName;
	if (partial.length) {
		const used = partial.map((c) => c.coverage.used);
		const areas = Math.max(...partial.map((c) => c.coverage.areas));
		const from = Math.min(...used);
		const to = Math.max(...used);
		legend = ctx.t('statsView.city.legendPartial', { city: cityName, coverage: from === to ? ctx.t('statsView.city.computedFrom', { used: from, areas }) : ctx.t('statsView.city.computedFromRange', { from, to, areas }) });
	}
	const notes = [...(partial.length || cells.some((c) => c.basis === 'partial') ? [ctx.t('statsView.note.cityPartial')] : []), ...(stored ? [ctx.t('statsView.note.cityStored')] : [])];
	return { legend, notes, column: ctx.t('statsView.col.cityBasis') };
}

// ------------------------------------------------------------------ start page

export async function startView(ctx: ViewCtx) {
	const [indicators, counts, districts] = await Promise.all([
		listIndicators(ctx.db, ctx.municipalityId),
		observationCountsByPeriod(ctx.db, ctx.municipalityId),
		districtsWithAreas(ctx.db, ctx.municipalityId)
	]);
	const rows = indicators.map((i) => {
		const own = counts.filter((c) => c.indicatorId === i.id).sort((a, b) => a.period.localeCompare(b.period));
		const latest = own.at(-1);
		return {
			id: i.id,
			name: i.name,
			unit: i.unit,
			topic: i.topic,
			latest: latest ? periodLabel(latest.period, ctx.locale) : null,
			areas: latest?.n ?? 0,
			periods: own.length
		};
	});
	return {
		indicators: rows,
		withData: rows.filter((r) => r.latest),
		districts: districts.sort((a, b) => a.name.localeCompare(b.name, 'de')).map((d) => ({ id: d.id, name: d.name, code: d.code, areas: d.areas })),
		sources: [...new Set(indicators.filter((i) => rows.find((r) => r.id === i.id)?.latest).map((i) => i.source).filter(Boolean))]
	};
}

// ------------------------------------------------------------------ district profile

export async function profileView(ctx: ViewCtx, districtId: string, periodParam: string | null) {
	const district = await findDistrict(ctx.db, ctx.municipalityId, districtId);
	if (!district) return null;
	const areaIds = await listDistrictAreaIds(ctx.db, ctx.municipalityId, district.id);
	const periods = await periodsForAreas(ctx.db, ctx.municipalityId, areaIds);
	const period = periodParam && periods.includes(periodParam) ? periodParam : (periods.at(-1) ?? null);
	const all = period ? await districtProfile(ctx.db, ctx.municipalityId, { areaIds, period }) : [];
	const rows = all.filter((r) => r.district.coverage.withData > 0 || r.city.coverage.withData > 0);
	const cityName = ctx.t('statsView.city');
	const title = ctx.t('statsView.profile.tableTitle', { district: district.name, period: period ? periodLabel(period, ctx.locale) : '–' });
	const cityInfo = cityCoverage(ctx, rows.map((r) => r.city));

	const table: ExportTable = {
		name: `profil-${district.code || district.name}-${period ?? ''}`,
		title,
		columns: [
			ctx.t('statsView.col.indicator'),
			ctx.t('statsView.col.unit'),
			district.name,
			cityName,
			ctx.t('statsView.col.difference'),
			ctx.t('statsView.col.coverage'),
			...(cityInfo ? [cityInfo.column] : [])
		],
		rows: rows.map((r) => {
			const digits = digitsOf(r.indicator);
			const d = r.district.value;
			const c = r.city.value;
			const diff = d !== null && c !== null && !isSuppressed(r.district.flags) && !isSuppressed(r.city.flags) ? { value: d - c, flags: [] } : { value: null, flags: ['suppressed-secondary' as const] };
			return [
				text(r.indicator.name),
				text(r.indicator.unit === '%' ? '%' : unitLabel(r.indicator)),
				fig(r.district, digits),
				fig(r.city, digits),
				d === null || c === null ? text('.') : fig(diff, digits, true),
				text(ctx.t('statsView.profile.coverageValue', { withData: r.district.coverage.withData, areas: r.district.coverage.areas })),
				...(cityInfo ? [text(cityBasisText(ctx, r.city))] : [])
			];
		}),
		notes: [ctx.t('statsView.profile.differenceNote'), ...(cityInfo?.notes ?? []), ...notes(ctx, rows.map((r) => r.indicator))]
	};
	const chartCity = cityInfo && chartCityLabel(ctx, rows.filter((r) => r.indicator.unit === '%').map((r) => r.city));

	const chartRows = rows.filter((r) => r.indicator.unit === '%' && (r.district.value !== null || r.city.value !== null));
	const svg = chartRows.length
		? barChartSvg({
				id: 'profile-chart',
				title: ctx.t('statsView.profile.chartTitle', { district: district.name }),
				subtitle: period ? periodLabel(period, ctx.locale) : undefined,
				series: [district.name, chartCity ?? cityName],
				rows: chartRows.map((r) => ({
					label: r.indicator.name,
					values: [r.district.value, r.city.value],
					texts: [figureText(r.district.value, r.district.flags, 1, ctx.locale), figureText(r.city.value, r.city.flags, 1, ctx.locale)]
				})),
				axisLabel: ctx.t('statsView.profile.axis'),
				source: sourceLine(ctx, chartRows.map((r) => r.indicator)),
				ariaLabel: ctx.t('statsView.profile.chartLabel', { district: district.name, count: chartRows.length })
			})
		: null;
	return {
		district: { id: district.id, name: district.name, code: district.code },
		areaCount: areaIds.length,
		period,
		periods: periods.map((p) => ({ value: p, label: periodLabel(p, ctx.locale) })),
		table,
		html: htmlTable(table, ctx.locale),
		cityNotes: cityInfo?.notes ?? [],
		svg
	};
}

/** The city's legend label in a chart of several indicators: marked when any of them is computed from part of the areas. */
function chartCityLabel(ctx: ViewCtx, cells: CityCell[]): string | null {
	const info = cityCoverage(ctx, cells);
	return info ? info.legend : null;
}

// ------------------------------------------------------------------ time series

export async function seriesView(ctx: ViewCtx, indicatorId: string, sel: { areaId: string | null; districtId: string | null }) {
	const indicator = await findIndicator(ctx.db, ctx.municipalityId, indicatorId);
	if (!indicator) return null;
	const [districts, levels] = await Promise.all([districtsWithAreas(ctx.db, ctx.municipalityId), levelsWithData(ctx.db, ctx.municipalityId, indicator.id)]);
	const level = levels[0]?.level ?? null;
	const areas = level ? await listAreas(ctx.db, ctx.municipalityId, level) : [];
	let label: string;
	let areaIds: string[];
	let selected: { kind: 'district' | 'area'; id: string } | null = null;
	if (sel.areaId) {
		const [a] = await findAreas(ctx.db, ctx.municipalityId, [sel.areaId]);
		if (!a) return null;
		label = `${a.name} (${a.code})`;
		areaIds = [a.id];
		selected = { kind: 'area', id: a.id };
	} else {
		const d = sel.districtId ? await findDistrict(ctx.db, ctx.municipalityId, sel.districtId) : undefined;
		if (sel.districtId && !d) return null;
		const chosen = d ?? [...districts].sort((a, b) => a.name.localeCompare(b.name, 'de'))[0];
		if (chosen) {
			label = chosen.name;
			areaIds = await listDistrictAreaIds(ctx.db, ctx.municipalityId, chosen.id);
			selected = { kind: 'district', id: chosen.id };
		} else if (areas[0]) {
			label = `${areas[0].name} (${areas[0].code})`;
			areaIds = [areas[0].id];
			selected = { kind: 'area', id: areas[0].id };
		} else {
			label = '–';
			areaIds = [];
		}
	}
	const series = areaIds.length ? await timeSeries(ctx.db, ctx.municipalityId, { indicatorId: indicator.id, areaIds }) : { indicator, points: [] };
	const digits = digitsOf(indicator);
	const cityInfo = cityCoverage(ctx, series.points.map((p) => p.city));
	// The city line's name says when it is computed from part of the areas (legend and table header).
	const cityName = cityInfo?.legend ?? ctx.t('statsView.city');
	const own = series.points.map((p) => ({ period: p.period, value: p.areas.value }));
	const city = series.points.map((p) => ({ period: p.period, value: p.city.value }));
	const trendOwn = linearTrend(own);
	const trendCity = linearTrend(city);
	const perYear = indicator.unit === '%' ? ctx.t('statsView.series.ppPerYear') : ctx.t('statsView.series.perYear', { unit: indicator.unit });
	const table: ExportTable = {
		name: `zeitreihe-${indicator.key}-${label}`,
		title: ctx.t('statsView.series.tableTitle', { indicator: indicator.name, area: label }),
		columns: [ctx.t('statsView.col.period'), `${label} (${indicator.unit})`, `${cityName} (${indicator.unit})`, ...(cityInfo ? [cityInfo.column] : [])],
		rows: [
			...series.points.map((p) => [text(periodLabel(p.period, ctx.locale)), fig(p.areas, digits), fig(p.city, digits), ...(cityInfo ? [text(cityBasisText(ctx, p.city))] : [])]),
			[
				text(ctx.t('statsView.series.trendRow', { unit: perYear })),
				trendOwn ? { value: trendOwn.slopePerYear, flags: [], digits: 2, signed: true } : text('–'),
				trendCity ? { value: trendCity.slopePerYear, flags: [], digits: 2, signed: true } : text('–'),
				...(cityInfo ? [text('')] : [])
			]
		],
		notes: [ctx.t('statsView.series.trendNote'), ...(cityInfo?.notes ?? []), ...notes(ctx, [indicator])]
	};
	const points = [
		...own.filter((p) => p.value !== null).map((p) => ({ date: periodDate(p.period), value: p.value as number, series: label })),
		...city.filter((p) => p.value !== null).map((p) => ({ date: periodDate(p.period), value: p.value as number, series: cityName }))
	];
	const periodAt = new Map(series.points.map((p) => [periodDate(p.period).getTime(), p.period]));
	const trendLine = (tr: ReturnType<typeof linearTrend>, name: string, pts: typeof own) => {
		const shown = pts.filter((p) => p.value !== null);
		if (!tr || shown.length < 2) return [];
		const first = shown[0].period;
		const last = shown.at(-1)!.period;
		return [{ series: name, from: { date: periodDate(first), value: tr.valueAt(periodYears(first)) }, to: { date: periodDate(last), value: tr.valueAt(periodYears(last)) } }];
	};
	const svg = points.length
		? lineChartSvg({
				id: 'series-chart',
				title: ctx.t('statsView.series.chartTitle', { indicator: indicator.name }),
				subtitle: label,
				series: [label, cityName],
				points,
				trends: [...trendLine(trendOwn, label, own), ...trendLine(trendCity, cityName, city)],
				yLabel: indicator.unit,
				trendLabel: ctx.t('statsView.series.trendLegend'),
				dateLabel: (d) => periodLabel(periodAt.get(d.getTime()) ?? d.toISOString().slice(0, 10), ctx.locale),
				source: sourceLine(ctx, [indicator]),
				ariaLabel: ctx.t('statsView.series.chartLabel', { indicator: indicator.name, area: label, count: series.points.length })
			})
		: null;
	return {
		indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, definition: indicator.definition },
		label,
		selected,
		districts: districts.sort((a, b) => a.name.localeCompare(b.name, 'de')).map((d) => ({ id: d.id, name: d.name })),
		areas: areas.map((a) => ({ id: a.id, label: `${a.code} ${a.name}` })),
		trend: {
			own: trendOwn ? numberFormat(ctx.locale, 2, true).format(trendOwn.slopePerYear) : null,
			city: trendCity ? numberFormat(ctx.locale, 2, true).format(trendCity.slopePerYear) : null,
			unit: perYear
		},
		table,
		html: htmlTable(table, ctx.locale, [table.rows.length - 1]),
		cityNotes: cityInfo?.notes ?? [],
		svg
	};
}

// ------------------------------------------------------------------ all areas: map and comparison

async function acrossAreas(ctx: ViewCtx, indicatorId: string, periodParam: string | null) {
	const indicator = await findIndicator(ctx.db, ctx.municipalityId, indicatorId);
	if (!indicator) return null;
	const periods = await listPeriods(ctx.db, ctx.municipalityId, indicator.id);
	const period = periodParam && periods.includes(periodParam) ? periodParam : (periods.at(-1) ?? null);
	const level = period ? ((await levelsWithData(ctx.db, ctx.municipalityId, indicator.id, period))[0]?.level ?? null) : null;
	const across = period && level ? await indicatorAcrossAreas(ctx.db, ctx.municipalityId, { indicatorId: indicator.id, period, level }) : { indicator, areas: [] as AreaFigure[], total: null };
	return { indicator, periods, period, level, areas: across.areas, total: across.total };
}

const withCounts = (areas: AreaFigure[]) => areas.some((a) => a.numerator !== null || a.denominator !== null);

export const sortKeys = ['code', 'name', 'value'] as const;
export type SortKey = (typeof sortKeys)[number];

export async function compareView(ctx: ViewCtx, indicatorId: string, q: { period: string | null; sort: string | null; dir: string | null }) {
	const data = await acrossAreas(ctx, indicatorId, q.period);
	if (!data) return null;
	const { indicator, period } = data;
	const sort: SortKey = (sortKeys as readonly string[]).includes(q.sort ?? '') ? (q.sort as SortKey) : 'value';
	const dir: 'asc' | 'desc' = q.dir === 'asc' || q.dir === 'desc' ? q.dir : sort === 'value' ? 'desc' : 'asc';
	const digits = digitsOf(indicator);
	// Rank by value, highest first; suppressed areas get no rank.
	const ranked = [...data.areas].filter((a) => a.value !== null).sort((a, b) => (b.value as number) - (a.value as number));
	const rank = new Map<string, number>();
	ranked.forEach((a, i) => rank.set(a.areaId, i > 0 && ranked[i - 1].value === a.value ? rank.get(ranked[i - 1].areaId)! : i + 1));
	const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });
	const sign = dir === 'asc' ? 1 : -1;
	const rows = [...data.areas].sort((a, b) => {
		if (sort === 'value') {
			if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? collator.compare(a.areaCode, b.areaCode) : 1) : -1;
			return sign * (a.value - b.value) || collator.compare(a.areaCode, b.areaCode);
		}
		return sign * collator.compare(sort === 'code' ? a.areaCode : a.areaName, sort === 'code' ? b.areaCode : b.areaName);
	});
	const counts = withCounts(data.areas);
	const table: ExportTable = {
		name: `vergleich-${indicator.key}-${period ?? ''}`,
		title: ctx.t('statsView.compare.tableTitle', { indicator: indicator.name, period: period ? periodLabel(period, ctx.locale) : '–' }),
		columns: [
			ctx.t('statsView.col.rank'),
			ctx.t('statsView.col.code'),
			ctx.t('statsView.col.area'),
			`${ctx.t('statsView.col.value')} (${indicator.unit})`,
			...(counts ? [ctx.t('statsView.col.numerator'), ctx.t('statsView.col.denominator')] : [])
		],
		rows: [
			...rows.map((a) => [
				rank.has(a.areaId) ? { value: rank.get(a.areaId)!, flags: [], digits: 0 } : text('–'),
				text(a.areaCode),
				text(a.areaName),
				fig(a, digits),
				...(counts ? [fig({ value: a.numerator, flags: a.numerator === null ? ['suppressed-primary'] : [] }, 0), fig({ value: a.denominator, flags: a.denominator === null ? ['suppressed-primary'] : [] }, 0)] : [])
			]),
			...(data.total && data.total.value !== null
				? [
						[
							text(''),
							text(''),
							text(ctx.t('statsView.total')),
							fig(data.total, digits),
							...(counts ? [fig({ value: data.total.numerator, flags: data.total.numerator === null ? ['suppressed-secondary'] : [] }, 0), fig({ value: data.total.denominator, flags: data.total.denominator === null ? ['suppressed-secondary'] : [] }, 0)] : [])
						]
					]
				: [])
		],
		notes: notes(ctx, [indicator])
	};
	const hasTotal = data.total !== null && data.total.value !== null;
	return {
		indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, definition: indicator.definition },
		period,
		periods: data.periods.map((p) => ({ value: p, label: periodLabel(p, ctx.locale) })),
		sort,
		dir,
		sortColumns: { 0: 'value', 1: 'code', 2: 'name', 3: 'value' } as Record<number, SortKey>,
		table,
		html: htmlTable(table, ctx.locale, hasTotal ? [table.rows.length - 1] : [])
	};
}

export async function mapView(ctx: ViewCtx, indicatorId: string, q: { period: string | null; method: string | null; classes: string | null }) {
	const data = await acrossAreas(ctx, indicatorId, q.period);
	if (!data) return null;
	const { indicator, period, level } = data;
	const method: ClassMethod = (classMethods as readonly string[]).includes(q.method ?? '') ? (q.method as ClassMethod) : 'quantile';
	const requested = Math.min(7, Math.max(3, Number(q.classes) || 5));
	const digits = digitsOf(indicator);
	const shown = data.areas.filter((a) => a.value !== null && !isSuppressed(a.flags));
	const breaks: ClassBreaks | null = classBreaks(shown.map((a) => a.value as number), method, requested);
	const f = (n: number) => numberFormat(ctx.locale, digits).format(n);
	const classLabels = breaks
		? breaks.colors.map((_, k) => {
				const lo = k === 0 ? breaks.min : breaks.breaks[k - 1];
				const hi = k === breaks.breaks.length ? breaks.max : breaks.breaks[k];
				return k === breaks.breaks.length ? ctx.t('statsView.map.classLast', { from: f(lo), to: f(hi) }) : ctx.t('statsView.map.classRange', { from: f(lo), to: f(hi) });
			})
		: [];
	const figures = new Map(data.areas.map((a) => [a.areaId, a]));
	const boundaries = level ? await listAreaBoundaries(ctx.db, ctx.municipalityId, level) : [];
	const mapAreas = boundaries.map((b) => {
		const a = figures.get(b.id);
		const value = a && !isSuppressed(a.flags) ? a.value : null;
		return {
			id: b.id,
			code: b.code,
			name: b.name,
			geometry: JSON.parse(b.boundary) as BoundaryGeometry,
			value,
			text: a ? figureText(a.value, a.flags, digits, ctx.locale) : ctx.t('statsView.map.noObservation')
		};
	});
	const periodText = period ? periodLabel(period, ctx.locale) : '–';
	const svg = mapAreas.length
		? choroplethSvg({
				id: 'map',
				title: `${indicator.name} (${indicator.unit})`,
				subtitle: ctx.t('statsView.map.subtitle', { period: periodText, method: ctx.t(`statsView.map.method.${method}`) }),
				areas: mapAreas,
				classes: breaks,
				classLabels,
				noDataLabel: ctx.t('statsView.map.noData'),
				legendTitle: ctx.t('statsView.map.legend', { unit: indicator.unit }),
				source: sourceLine(ctx, [indicator]),
				ariaLabel: ctx.t('statsView.map.label', { indicator: indicator.name, period: periodText, count: mapAreas.length })
			})
		: null;
	const counts = withCounts(data.areas);
	const table: ExportTable = {
		name: `karte-${indicator.key}-${period ?? ''}`,
		title: ctx.t('statsView.map.tableTitle', { indicator: indicator.name, period: periodText }),
		columns: [
			ctx.t('statsView.col.code'),
			ctx.t('statsView.col.area'),
			`${ctx.t('statsView.col.value')} (${indicator.unit})`,
			ctx.t('statsView.col.class'),
			...(counts ? [ctx.t('statsView.col.numerator'), ctx.t('statsView.col.denominator')] : [])
		],
		rows: [
			...data.areas.map((a) => {
			const k = breaks && a.value !== null && !isSuppressed(a.flags) ? classOf(a.value, breaks) : null;
			return [
				text(a.areaCode),
				text(a.areaName),
				fig(a, digits),
				text(k === null ? ctx.t('statsView.map.noData') : `${k + 1}: ${classLabels[k]}`),
				...(counts ? [fig({ value: a.numerator, flags: a.numerator === null ? ['suppressed-primary'] : [] }, 0), fig({ value: a.denominator, flags: a.denominator === null ? ['suppressed-primary'] : [] }, 0)] : [])
			];
			}),
			// areas drawn on the map without any figure for this date: listed too, so table and map match
			...mapAreas
				.filter((m) => !figures.has(m.id))
				.map((m) => [text(m.code), text(m.name), text(m.text), text(ctx.t('statsView.map.noData')), ...(counts ? [text(''), text('')] : [])])
		],
		notes: notes(ctx, [indicator])
	};
	return {
		indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, definition: indicator.definition },
		period,
		periods: data.periods.map((p) => ({ value: p, label: periodLabel(p, ctx.locale) })),
		method,
		classes: breaks ? breaks.colors.length : requested,
		requested,
		legend: breaks ? breaks.colors.map((c, k) => ({ color: c, label: classLabels[k] })) : [],
		suppressedCount: data.areas.filter((a) => isSuppressed(a.flags)).length,
		areaCount: mapAreas.length,
		table,
		html: htmlTable(table, ctx.locale),
		svg
	};
}

/** Indicators with data, for the pickers on the view pages. */
export async function indicatorOptions(ctx: ViewCtx) {
	const [indicators, counts] = await Promise.all([listIndicators(ctx.db, ctx.municipalityId), observationCountsByPeriod(ctx.db, ctx.municipalityId)]);
	const has = new Set(counts.map((c) => c.indicatorId));
	return indicators.filter((i) => has.has(i.id)).map((i) => ({ id: i.id, name: i.name, unit: i.unit }));
}
