/**
 * Real small-area statistics for the demo municipality "Berlin (Demo)" (issue 3, point 9): all 542 Berlin
 * planning areas (LOR 2021) as statistical areas with their boundaries, observations from the population
 * register 31.12.2024 (counts as numerator/denominator, so disclosure control can work on them) and from the
 * Monitoring Soziale Stadtentwicklung 2021 (status indicators S1/S3/S4 for 31.12.2020, their 31.12.2018
 * values derived from the published two-year changes, and three context indicators), and the demo districts
 * linked to their planning areas. Sources and licences: demo/LICENSE.md.
 *
 * Everything goes through the commands (audited), in a handful of transactions: about a second on SQLite.
 */
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/connection';
import { systemPrincipal } from '../core/actor';
import type { CommandContext } from '../core/command';
import type { BoundaryGeometry } from '../../domain/geojson';
import { createIndicator } from './create-indicator';
import { updateIndicator } from './update-indicator';
import { saveStatisticalAreas } from './save-statistical-areas';
import { writeObservations } from './write-observations';
import { inTransaction } from '../core/command';
import { listIndicators } from './indicators.repository';
import plr from './demo/plr-2021.geo.json';
import ageCsv from './demo/population-2024-12-age.csv?raw';
import migrationCsv from './demo/population-2024-12-migration.csv?raw';
import mssIndexCsv from './demo/mss-2021-index-indikatoren.csv?raw';
import mssContextCsv from './demo/mss-2021-kontext-indikatoren.csv?raw';

export const DEMO_LEVEL = 'planning-area';
export const P2024 = '2024-12-31';
export const P2020 = '2020-12-31';
export const P2018 = '2018-12-31';

const SRC_REGISTER = 'Einwohnerregisterstatistik 31.12.2024: © Amt für Statistik Berlin-Brandenburg, CC BY 4.0 (Demo-Daten)';
const SRC_MSS = 'Monitoring Soziale Stadtentwicklung Berlin 2021 (SenStadt): Geoportal Berlin, dl-de/by-2-0, geändert (Demo-Daten)';

/** Two indicators of the Berlin status index that the handbook catalogue does not have in this exact definition. */
const mssIndicators = [
	{
		key: 'mss_s1_unemployed_sgb2',
		name: 'Arbeitslose nach SGB II (MSS S1)',
		unit: '%',
		definition: 'Arbeitslose nach SGB II in % der Einwohner/-innen von 15 Jahren bis unter Regelaltersgrenze (Monitoring Soziale Stadtentwicklung, Indikator S1).',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'labour',
		source: SRC_MSS,
		spatialLevel: DEMO_LEVEL,
		sortOrder: 171
	},
	{
		key: 'mss_s3_transfer_not_unemployed',
		name: 'Transferbezug ohne Arbeitslose (MSS S3)',
		unit: '%',
		definition: 'Nicht arbeitslose Leistungsbeziehende nach SGB II und SGB XII in % der Einwohner/-innen (Monitoring Soziale Stadtentwicklung, Indikator S3).',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'social',
		source: SRC_MSS,
		spatialLevel: DEMO_LEVEL,
		sortOrder: 181
	}
] as const;

/** Published key of the status index indicators → catalogue key (S4 is the handbook's child poverty). */
export const MSS_KEYS: Readonly<Record<'S1' | 'S3' | 'S4', string>> = {
	S1: 'mss_s1_unemployed_sgb2',
	S3: 'mss_s3_transfer_not_unemployed',
	S4: 'child_poverty_share'
};

interface PlrFeature {
	properties: { PLR_ID: string; PLR_NAME: string };
	geometry: BoundaryGeometry;
}

type Row = Record<string, string>;
const rows = (csv: string): Row[] => parse(csv, { columns: true, skip_empty_lines: true, bom: true }) as Row[];

/** A published number; null for empty cells; 'secret' for MSS's −9999 (not published for the area). */
function mss(raw: string | undefined): number | null | 'secret' {
	if (raw === undefined || raw.trim() === '') return null;
	const v = Number(raw);
	if (v === -9999) return 'secret';
	return Number.isFinite(v) ? v : null;
}

interface Obs {
	indicatorId: string;
	areaId: string;
	period: string;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	suppressed: boolean;
}

export async function seedDemoStatistics(db: Db, municipalityId: string): Promise<void> {
	const ctx: CommandContext = { db, principal: systemPrincipal(municipalityId), requestId: 'demo-seed' };
	const features = (plr as unknown as { features: PlrFeature[] }).features;
	const age = rows(ageCsv);
	const migration = new Map(rows(migrationCsv).map((r) => [r.id, r]));
	const mssIndex = new Map(rows(mssIndexCsv).map((r) => [r.PLR_ID, r]));
	const mssContext = new Map(rows(mssContextCsv).map((r) => [r.PLR_ID, r]));
	const population2024 = new Map(age.map((r) => [r.id, Number(r.inhabitants)]));

	// 1. the catalogue: the two MSS indicators, and the real sources on the seeded ones
	for (const ind of mssIndicators) await createIndicator({ ctx, input: ind });
	const catalogue = new Map((await listIndicators(db.kysely, municipalityId)).map((i) => [i.key, i]));
	const registerKeys = ['population', 'age_under_6_share', 'age_6_15_share', 'age_15_18_share', 'age_18_27_share', 'age_27_45_share', 'age_45_55_share', 'age_55_65_share', 'age_65_plus_share', 'children_youth_share', 'foreigners_share', 'migration_background_share'];
	for (const key of registerKeys) {
		const i = catalogue.get(key);
		if (!i) continue;
		const mixed = ['population', 'foreigners_share', 'migration_background_share'].includes(key);
		await updateIndicator({ ctx, id: i.id, input: { source: mixed ? `${SRC_REGISTER}; 31.12.2020: ${SRC_MSS}` : SRC_REGISTER } });
	}
	for (const key of ['child_poverty_share', 'migration_background_under_18_share']) {
		const i = catalogue.get(key);
		if (i) await updateIndicator({ ctx, id: i.id, input: { source: SRC_MSS } });
	}
	const id = (key: string) => {
		const i = catalogue.get(key);
		if (!i) throw new Error(`demo indicator ${key} missing`);
		return i.id;
	};

	// 2. the planning areas with boundaries and their 2024 population
	const saved = await saveStatisticalAreas({
		ctx,
		input: {
			areas: features.map((f) => ({
				code: f.properties.PLR_ID,
				name: f.properties.PLR_NAME,
				level: DEMO_LEVEL,
				boundary: f.geometry,
				population: population2024.get(f.properties.PLR_ID) ?? null
			}))
		}
	});
	const areaId = (code: string) => saved.ids[code];

	// 3. observations
	const obs: Obs[] = [];
	const share = (key: string, code: string, period: string, numerator: number, denominator: number) => {
		if (!(denominator > 0)) return; // a share of nobody is not a figure
		obs.push({ indicatorId: id(key), areaId: areaId(code), period, value: (numerator / denominator) * 100, numerator, denominator, suppressed: false });
	};
	const given = (key: string, code: string, period: string, raw: number | null | 'secret') => {
		if (raw === null) return;
		obs.push({ indicatorId: id(key), areaId: areaId(code), period, value: raw === 'secret' ? null : raw, numerator: null, denominator: null, suppressed: raw === 'secret' });
	};
	const ageGroups: [string, string][] = [
		['age_under_6_share', 'inhabitants_age_below_6'],
		['age_6_15_share', 'inhabitants_age_6_15'],
		['age_15_18_share', 'inhabitants_age_15_18'],
		['age_18_27_share', 'inhabitants_age_18_27'],
		['age_27_45_share', 'inhabitants_age_27_45'],
		['age_45_55_share', 'inhabitants_age_45_55'],
		['age_55_65_share', 'inhabitants_age_55_65'],
		['age_65_plus_share', 'inhabitants_age_above_65']
	];
	for (const r of age) {
		const code = r.id;
		if (!areaId(code)) continue;
		const total = Number(r.inhabitants);
		obs.push({ indicatorId: id('population'), areaId: areaId(code), period: P2024, value: total, numerator: null, denominator: null, suppressed: false });
		for (const [key, col] of ageGroups) share(key, code, P2024, Number(r[col]), total);
		share('children_youth_share', code, P2024, Number(r.inhabitants_age_below_6) + Number(r.inhabitants_age_6_15) + Number(r.inhabitants_age_15_18), total);
		share('foreigners_share', code, P2024, Number(r.inhabitants_foreigners), total);
		const m = migration.get(code);
		if (m) share('migration_background_share', code, P2024, Number(m.inhabitants_with_migration_background), Number(m.inhabitants));
	}
	for (const [code, r] of mssIndex) {
		if (!areaId(code)) continue;
		const ew = mss(r.EW);
		given('population', code, P2020, ew === null ? 'secret' : ew);
		for (const [s, d] of [['S1', 'D1'], ['S3', 'D3'], ['S4', 'D4']] as const) {
			const now = mss(r[s]);
			const change = mss(r[d]);
			given(MSS_KEYS[s], code, P2020, now);
			given(MSS_KEYS[s], code, P2018, typeof now === 'number' && typeof change === 'number' ? Math.round((now - change) * 1e5) / 1e5 : now === null ? null : 'secret');
		}
		const c = mssContext.get(code);
		if (c) {
			given('migration_background_under_18_share', code, P2020, mss(c.KI_04));
			given('migration_background_share', code, P2020, mss(c.KI_05));
			given('foreigners_share', code, P2020, mss(c.KI_16));
		}
	}
	// Built from checked files with ids just created, so the rows go straight to the idempotent writer (the
	// command's per-row validation of 12 000 rows would double the seed time), still in one audited transaction.
	await inTransaction(ctx, async (trx) => {
		const counts = await writeObservations(trx, municipalityId, obs.map((o) => ({ ...o, estimated: false, provisional: false, limited: false })));
		return { result: counts, audit: { action: 'upsert', entity: 'observation', entityId: null, after: { ...counts, source: 'demo-seed', periods: [P2018, P2020, P2024] } } };
	});

	// 4. the demo districts (Bezirksregionen and planning areas, by code) composed of their planning areas
	const districts = await db.kysely.selectFrom('district').select(['id', 'code']).where('municipality_id', '=', municipalityId).execute();
	const codes = Object.keys(saved.ids);
	const links = districts.flatMap((d) =>
		codes.filter((c) => d.code && (c === d.code || (d.code.length < 8 && c.startsWith(d.code)))).map((c) => ({ municipality_id: municipalityId, district_id: d.id, area_id: areaId(c) }))
	);
	// One transaction for all demo districts (linkDistrictAreas would take one per district).
	if (links.length)
		await inTransaction(ctx, async (trx) => {
			await trx.insertInto('district_area').values(links).execute();
			return { result: null, audit: { action: 'update', entity: 'district_area', entityId: null, after: { source: 'demo-seed', links: links.length } } };
		});
}
