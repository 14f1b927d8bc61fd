/**
 * The handbook's example indicators for the statistical part of the inventory ("Bevölkerungsstruktur im
 * Stadtteil im Vergleich zur Gesamtstadt": age, share of children and youth, education transition rates,
 * health from school entry examinations, migration background, and more), seeded for every new municipality
 * so that an import can be mapped at once. Municipalities edit or extend the catalogue afterwards.
 *
 * Directions follow the handbook's intent: a migration background or foreign citizenship is a description
 * of the population, not a problem, so those are 'neutral' (a composite index for choosing a district uses
 * them only when someone deliberately gives them a direction).
 */
import type { Transaction } from 'kysely';
import type { Database, IndicatorTable } from '../db/schema';
import { newId, nowIso } from '../core/ids';
import type { Indicator } from './indicators.repository';

/** A catalogue entry as seeded: the descriptive fields of an indicator. */
export type IndicatorTemplate = Pick<
	Indicator,
	'key' | 'name' | 'unit' | 'definition' | 'numeratorDescription' | 'denominatorDescription' | 'source' | 'spatialLevel' | 'direction' | 'valueKind' | 'topic'
>;

const REGISTER = 'Einwohnermelderegister (kommunale Statistikstelle)';
const BA = 'Statistik der Bundesagentur für Arbeit';

const ageShare = (key: string, label: string, range: string): IndicatorTemplate => ({
	key,
	name: `Anteil ${label}`,
	unit: '%',
	definition: `Einwohner/-innen ${range} in % aller Einwohner/-innen mit Hauptwohnsitz am Stichtag.`,
	numeratorDescription: `Einwohner/-innen ${range}`,
	denominatorDescription: 'Einwohner/-innen insgesamt',
	source: REGISTER,
	spatialLevel: 'planning-area',
	direction: 'neutral',
	valueKind: 'share',
	topic: 'age'
});

export const handbookIndicators: readonly IndicatorTemplate[] = [
	{
		key: 'population',
		name: 'Einwohner/-innen',
		unit: 'Personen',
		definition: 'Einwohner/-innen mit Hauptwohnsitz am Stichtag.',
		numeratorDescription: '',
		denominatorDescription: '',
		source: REGISTER,
		spatialLevel: 'planning-area',
		direction: 'neutral',
		valueKind: 'count',
		topic: 'population'
	},
	ageShare('age_under_6_share', 'unter 6-Jährige', 'unter 6 Jahren'),
	ageShare('age_6_15_share', '6- bis unter 15-Jährige', 'von 6 bis unter 15 Jahren'),
	ageShare('age_15_18_share', '15- bis unter 18-Jährige', 'von 15 bis unter 18 Jahren'),
	ageShare('age_18_27_share', '18- bis unter 27-Jährige', 'von 18 bis unter 27 Jahren'),
	ageShare('age_27_45_share', '27- bis unter 45-Jährige', 'von 27 bis unter 45 Jahren'),
	ageShare('age_45_55_share', '45- bis unter 55-Jährige', 'von 45 bis unter 55 Jahren'),
	ageShare('age_55_65_share', '55- bis unter 65-Jährige', 'von 55 bis unter 65 Jahren'),
	ageShare('age_65_plus_share', '65-Jährige und Ältere', 'ab 65 Jahren'),
	{
		...ageShare('children_youth_share', 'Kinder und Jugendliche (unter 18 Jahren)', 'unter 18 Jahren'),
		topic: 'children-youth'
	},
	{
		key: 'education_transition_gymnasium',
		name: 'Übergangsquote auf das Gymnasium',
		unit: '%',
		definition: 'Schüler/-innen, die nach der Grundschule auf ein Gymnasium wechseln, in % aller Übergänge in die Sekundarstufe I (nach Wohnort).',
		numeratorDescription: 'Übergänge auf ein Gymnasium',
		denominatorDescription: 'Übergänge in die Sekundarstufe I insgesamt',
		source: 'Schulstatistik / Schulverwaltungsamt',
		spatialLevel: 'planning-area',
		direction: 'higher_is_better',
		valueKind: 'share',
		topic: 'education'
	},
	{
		key: 'school_entry_language_support',
		name: 'Sprachförderbedarf bei der Einschulung',
		unit: '%',
		definition: 'Untersuchte Kinder mit Sprachförderbedarf (Deutsch) bei der Schuleingangsuntersuchung in % aller untersuchten Kinder.',
		numeratorDescription: 'Kinder mit Sprachförderbedarf',
		denominatorDescription: 'Untersuchte Kinder',
		source: 'Gesundheitsamt, Schuleingangsuntersuchung',
		spatialLevel: 'planning-area',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'health'
	},
	{
		key: 'school_entry_overweight',
		name: 'Übergewicht bei der Einschulung',
		unit: '%',
		definition: 'Untersuchte Kinder mit Übergewicht oder Adipositas (BMI über dem 90. Perzentil) bei der Schuleingangsuntersuchung in % aller untersuchten Kinder.',
		numeratorDescription: 'Kinder mit Übergewicht oder Adipositas',
		denominatorDescription: 'Untersuchte Kinder',
		source: 'Gesundheitsamt, Schuleingangsuntersuchung',
		spatialLevel: 'planning-area',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'health'
	},
	{
		key: 'migration_background_share',
		name: 'Anteil Einwohner/-innen mit Migrationshintergrund',
		unit: '%',
		definition:
			'Ausländer/-innen und Deutsche mit Migrationshintergrund (Einbürgerung, Optionsregelung, zweite Staatsangehörigkeit, Geburt im Ausland; Minderjährige auch über die Eltern) in % aller Einwohner/-innen, abgeleitet aus dem Melderegister (Göttinger Modell / MigraPro).',
		numeratorDescription: 'Einwohner/-innen mit Migrationshintergrund',
		denominatorDescription: 'Einwohner/-innen insgesamt',
		source: `${REGISTER}, Ableitung nach MigraPro`,
		spatialLevel: 'planning-area',
		direction: 'neutral',
		valueKind: 'share',
		topic: 'migration'
	},
	{
		key: 'migration_background_under_18_share',
		name: 'Anteil unter 18-Jährige mit Migrationshintergrund',
		unit: '%',
		definition: 'Einwohner/-innen unter 18 Jahren mit Migrationshintergrund in % aller Einwohner/-innen unter 18 Jahren.',
		numeratorDescription: 'unter 18-Jährige mit Migrationshintergrund',
		denominatorDescription: 'Einwohner/-innen unter 18 Jahren',
		source: `${REGISTER}, Ableitung nach MigraPro`,
		spatialLevel: 'planning-area',
		direction: 'neutral',
		valueKind: 'share',
		topic: 'migration'
	},
	{
		key: 'foreigners_share',
		name: 'Anteil Ausländer/-innen',
		unit: '%',
		definition: 'Einwohner/-innen ohne deutsche Staatsangehörigkeit in % aller Einwohner/-innen.',
		numeratorDescription: 'Ausländer/-innen',
		denominatorDescription: 'Einwohner/-innen insgesamt',
		source: REGISTER,
		spatialLevel: 'planning-area',
		direction: 'neutral',
		valueKind: 'share',
		topic: 'migration'
	},
	{
		key: 'unemployment_share',
		name: 'Arbeitslosenanteil',
		unit: '%',
		definition: 'Arbeitslose (SGB II und SGB III) in % der Einwohner/-innen von 15 bis unter 65 Jahren (Anteil, keine amtliche Quote).',
		numeratorDescription: 'Arbeitslose nach SGB II und SGB III',
		denominatorDescription: 'Einwohner/-innen von 15 bis unter 65 Jahren',
		source: BA,
		spatialLevel: 'planning-area',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'labour'
	},
	{
		key: 'transfer_benefits_share',
		name: 'Anteil Transferleistungsbeziehende',
		unit: '%',
		definition: 'Leistungsberechtigte nach SGB II (Bürgergeld) und SGB XII (Grundsicherung, Hilfe zum Lebensunterhalt) in % aller Einwohner/-innen.',
		numeratorDescription: 'Leistungsberechtigte nach SGB II und SGB XII',
		denominatorDescription: 'Einwohner/-innen insgesamt',
		source: `${BA}; Sozialamt`,
		spatialLevel: 'planning-area',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'social'
	},
	{
		key: 'child_poverty_share',
		name: 'Kinderarmut (Kinder unter 15 Jahren im SGB-II-Bezug)',
		unit: '%',
		definition: 'Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren in Bedarfsgemeinschaften nach SGB II in % aller Einwohner/-innen unter 15 Jahren.',
		numeratorDescription: 'Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften',
		denominatorDescription: 'Einwohner/-innen unter 15 Jahren',
		source: BA,
		spatialLevel: 'planning-area',
		direction: 'higher_is_worse',
		valueKind: 'share',
		topic: 'social'
	}
];

export function indicatorRow(municipalityId: string, t: IndicatorTemplate, sortOrder: number, now = nowIso()): IndicatorTable {
	return {
		id: newId(),
		municipality_id: municipalityId,
		key: t.key,
		name: t.name,
		unit: t.unit,
		definition: t.definition,
		numerator_description: t.numeratorDescription,
		denominator_description: t.denominatorDescription,
		source: t.source,
		spatial_level: t.spatialLevel,
		direction: t.direction,
		disclosure_min: 3,
		is_share: t.valueKind === 'share' ? 1 : 0,
		is_count: t.valueKind === 'count' ? 1 : 0,
		scale: 100,
		topic: t.topic,
		sort_order: sortOrder,
		created_at: now,
		updated_at: now
	};
}

/**
 * Adds the handbook indicators that the municipality does not have yet (by key), inside the caller's
 * transaction; called when a municipality is created, safe to call again. Returns how many were added.
 */
export async function seedIndicators(trx: Transaction<Database>, municipalityId: string): Promise<number> {
	const existing = new Set(
		(await trx.selectFrom('indicator').select('key').where('municipality_id', '=', municipalityId).execute()).map((r) => r.key)
	);
	const now = nowIso();
	const rows = handbookIndicators
		.map((t, i) => ({ t, sort: (i + 1) * 10 }))
		.filter(({ t }) => !existing.has(t.key))
		.map(({ t, sort }) => indicatorRow(municipalityId, t, sort, now));
	if (rows.length) await trx.insertInto('indicator').values(rows).execute();
	return rows.length;
}
