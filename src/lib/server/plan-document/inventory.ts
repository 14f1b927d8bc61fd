/**
 * Inventory highlights for the plan document: the district's key figures against the whole city, one chart
 * and one map, all taken from the statistics views (so the PDF shows exactly the disclosure-controlled figures
 * the statistics pages show, never a suppressed count).
 *
 * - key figures and chart: the district profile (profileView), latest period with data;
 * - map: the share where the district differs most from the city, drawn for the district's statistical areas,
 *   classed over ALL areas of the city (so a dark area is high compared with the whole city).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Locale } from '../../i18n/locales';
import type { Translate } from '../../i18n';
import type { BoundaryGeometry } from '../../domain/geojson';
import { isSuppressed } from '../../domain/statistics/disclosure-symbols';
import { districtProfile, indicatorAcrossAreas } from '../indicators/indicator-figures';
import { listAreaBoundaries, listDistrictAreaIds } from '../indicators/indicators.repository';
import { profileView } from '../statistics/views/views';
import { levelsWithData } from '../statistics/views/views.repository';
import { classBreaks, classOf } from '../statistics/views/classes';
import { choroplethSvg } from '../statistics/views/choropleth';
import { digitsOf, figureText, numberFormat, periodLabel } from '../statistics/views/format';
import type { DocInventory } from './plan-document';

/** At most this many key figures: highlights, not the full profile (the statistics pages have that). */
const MAX_KEY_FIGURES = 20;

export async function loadInventory(db: Kysely<Database>, municipalityId: string, districtId: string, locale: Locale, t: Translate): Promise<DocInventory | null> {
	const ctx = { db, municipalityId, locale, t };
	const profile = await profileView(ctx, districtId, null);
	if (!profile || !profile.period || profile.html.rows.length === 0) return null;
	const period = profile.period;
	const periodText = periodLabel(period, locale);
	const keyFigures = profile.html.rows.slice(0, MAX_KEY_FIGURES).map((r) => ({ indicator: r[0], unit: r[1], district: r[2], city: r[3], difference: r[4] }));
	const chart = profile.svg
		? { svg: profile.svg, alt: t('planDoc.inventory.chartAlt', { district: profile.district.name }), caption: t('planDoc.inventory.chartCaption', { district: profile.district.name, period: periodText }) }
		: null;
	return {
		period: periodText,
		keyFigures,
		chart,
		map: await districtMap(ctx, districtId, profile.district.name, period),
		notes: profile.table.notes ?? []
	};
}

async function districtMap(ctx: { db: Kysely<Database>; municipalityId: string; locale: Locale; t: Translate }, districtId: string, districtName: string, period: string) {
	const { db, municipalityId, locale, t } = ctx;
	const areaIds = await listDistrictAreaIds(db, municipalityId, districtId);
	if (areaIds.length === 0) return null;
	const rows = await districtProfile(db, municipalityId, { areaIds, period });
	// the share in which the district differs most from the city
	const pick = rows
		.filter((r) => r.indicator.unit === '%' && r.district.value !== null && r.city.value !== null && !isSuppressed(r.district.flags) && !isSuppressed(r.city.flags))
		.sort((a, b) => Math.abs((b.district.value as number) - (b.city.value as number)) - Math.abs((a.district.value as number) - (a.city.value as number)))[0];
	if (!pick) return null;
	const indicator = pick.indicator;
	const levels = await levelsWithData(db, municipalityId, indicator.id, period);
	const own = new Set(areaIds);
	for (const { level } of levels) {
		const boundaries = (await listAreaBoundaries(db, municipalityId, level)).filter((b) => own.has(b.id));
		if (boundaries.length === 0) continue;
		const across = await indicatorAcrossAreas(db, municipalityId, { indicatorId: indicator.id, period, level });
		const digits = digitsOf(indicator);
		const shown = across.areas.filter((a) => a.value !== null && !isSuppressed(a.flags));
		const breaks = classBreaks(
			shown.map((a) => a.value as number),
			'quantile',
			5
		);
		const f = (n: number) => numberFormat(locale, digits).format(n);
		const classLabels = breaks
			? breaks.colors.map((_, k) => {
					const lo = k === 0 ? breaks.min : breaks.breaks[k - 1];
					const hi = k === breaks.breaks.length ? breaks.max : breaks.breaks[k];
					return k === breaks.breaks.length ? t('statsView.map.classLast', { from: f(lo), to: f(hi) }) : t('statsView.map.classRange', { from: f(lo), to: f(hi) });
				})
			: [];
		const figures = new Map(across.areas.map((a) => [a.areaId, a]));
		const areas = boundaries.map((b) => {
			const a = figures.get(b.id);
			return {
				id: b.id,
				code: b.code,
				name: b.name,
				geometry: JSON.parse(b.boundary) as BoundaryGeometry,
				value: a && !isSuppressed(a.flags) ? a.value : null,
				text: a ? figureText(a.value, a.flags, digits, locale) : t('statsView.map.noObservation')
			};
		});
		const periodText = periodLabel(period, locale);
		const described = areas
			.map((a) => {
				const k = breaks && a.value !== null ? classOf(a.value, breaks) : null;
				return `${a.name}: ${a.text}${k === null ? '' : ` (${classLabels[k]})`}`;
			})
			.join('; ');
		const svg = choroplethSvg({
			id: 'plan-map',
			title: `${indicator.name} (${indicator.unit})`,
			subtitle: t('planDoc.inventory.mapSubtitle', { district: districtName, period: periodText }),
			areas,
			classes: breaks,
			classLabels,
			noDataLabel: t('statsView.map.noData'),
			legendTitle: t('statsView.map.legend', { unit: indicator.unit }),
			source: indicator.source ? t('statsView.note.source', { source: indicator.source }) : '',
			ariaLabel: t('planDoc.inventory.mapAlt', { indicator: indicator.name, district: districtName })
		});
		return {
			svg,
			alt: `${t('planDoc.inventory.mapAlt', { indicator: indicator.name, district: districtName })} ${described}`,
			caption: t('planDoc.inventory.mapCaption', { indicator: indicator.name, district: districtName, period: periodText })
		};
	}
	return null;
}
