import type { Db } from '../db/connection';
import { systemPrincipal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { polygonsOf, type BoundaryGeometry } from '../../domain/geojson';
import { createDistrict } from './create-district';
import { createActor } from '../actors/create-actor';
import { createCityConcept } from '../concepts/create-city-concept';
import { createConceptGoal } from '../concepts/create-concept-goal';
import { saveDistrictConcept } from '../concepts/save-district-concept';
import plr from './demo/neukoelln-plr-2021.geo.json';

/**
 * Demo districts of "Berlin (Demo)": two real Bezirksregionen of Berlin-Neukölln with their planning areas
 * (LOR 2021, see demo/LICENSE.md for source and licence). The regions get the union of their planning areas
 * as a MultiPolygon boundary, so the district page shows the region with its parts.
 */
const regions = [
	{ code: '081001', name: 'Schillerpromenade' },
	{ code: '081002', name: 'Neuköllner Mitte/Zentrum' }
] as const;

interface PlrFeature {
	properties: { PLR_ID: string; PLR_NAME: string };
	geometry: BoundaryGeometry;
}

const ctxFor = (db: Db, municipalityId: string): CommandContext => ({ db, principal: systemPrincipal(municipalityId), requestId: 'demo-seed' });

export async function seedDemoDistricts(db: Db, municipalityId: string): Promise<void> {
	const ctx = ctxFor(db, municipalityId);
	const features = (plr as unknown as { features: PlrFeature[] }).features;
	for (const region of regions) {
		const parts = features.filter((f) => f.properties.PLR_ID.startsWith(region.code));
		const parent = await createDistrict({
			ctx,
			input: {
				name: region.name,
				code: region.code,
				boundary: { type: 'MultiPolygon', coordinates: parts.flatMap((p) => polygonsOf(p.geometry)) }
			}
		});
		for (const p of parts) {
			await createDistrict({ ctx, input: { name: p.properties.PLR_NAME, code: p.properties.PLR_ID, parentId: parent.id, boundary: p.geometry } });
		}
	}
}

/** A few actors of the kinds the handbook names as indispensable: departments, a migrant organisation, a Kita, housing. */
const demoActors = [
	{ name: 'Jugendamt Neukölln', kind: 'administration', level: 'city' },
	{ name: 'Schul- und Sportamt Neukölln', kind: 'administration', level: 'city' },
	{ name: 'Gesundheitsamt Neukölln', kind: 'administration', level: 'city' },
	{ name: 'Stadtentwicklungsamt Neukölln', kind: 'administration', level: 'city' },
	{ name: 'Brückenschlag – Verein für Nachbarschaft und Migration e. V. (Demo)', kind: 'migrant-organisation', level: 'city' },
	{ name: 'Kita Sonnenblume (Demo)', kind: 'kita', level: 'district' },
	{ name: 'Grundschule am Park (Demo)', kind: 'school', level: 'district' },
	{ name: 'Wohnungsgenossenschaft Schillerkiez eG (Demo)', kind: 'housing-company', level: 'district' },
	{ name: 'Quartiersmanagement Schillerpromenade (Demo)', kind: 'provider', level: 'district' }
] as const;

export async function seedDemoActors(db: Db, municipalityId: string): Promise<void> {
	const ctx = ctxFor(db, municipalityId);
	// District-level actors name the districts they work in: Schillerpromenade, the housing company also Neukölln-Mitte.
	const rows = await db.kysely.selectFrom('district').select(['id', 'code']).where('municipality_id', '=', municipalityId).where('code', 'in', ['081001', '081002']).execute();
	const byCode = new Map(rows.map((r) => [r.code, r.id]));
	const districtsOf = (name: string) => (name.startsWith('Wohnungsgenossenschaft') ? ['081001', '081002'] : ['081001']).map((c) => byCode.get(c)).filter((x): x is string => Boolean(x));
	for (const a of demoActors) {
		const districtIds = a.level === 'district' ? districtsOf(a.name) : [];
		await createActor({ ctx, input: { ...a, level: a.level === 'district' && districtIds.length === 0 ? 'city' : a.level, districtIds } });
	}
}

const conceptGoals = [
	{ code: '1', title: 'Bildungschancen von der Kita bis zum Berufsabschluss verbessern', description: 'Übergänge Kita–Schule und Schule–Beruf begleiten, Eltern einbeziehen.' },
	{ code: '2', title: 'Sprachförderung ausbauen und Mehrsprachigkeit anerkennen', description: 'Deutschkurse mit Kinderbetreuung, Herkunftssprachen als Ressource.' },
	{ code: '3', title: 'Verwaltung und Einrichtungen interkulturell öffnen', description: 'Fortbildungen, mehrsprachige Information, Personal mit Migrationsgeschichte.' },
	{ code: '4', title: 'Teilhabe von Menschen mit Migrationsgeschichte in Gremien stärken', description: 'Migrantenorganisationen in Stadtteilgremien und Beiräten vertreten.' },
	{ code: '5', title: 'Gesundheitliche Chancengleichheit im Quartier fördern', description: 'Niedrigschwellige, mehrsprachige Gesundheitsangebote, Ergebnisse der Einschulungsuntersuchungen nutzen.' },
	{ code: '6', title: 'Nachbarschaftliches Zusammenleben und Engagement stärken', description: 'Begegnungsorte, Nachbarschaftsfonds, Anerkennung des Ehrenamts.' }
];

/** The city-wide integration concept with its goals, and the concept of the district Schillerpromenade. */
export async function seedDemoConcepts(db: Db, municipalityId: string): Promise<void> {
	const ctx = ctxFor(db, municipalityId);
	const concept = await createCityConcept({
		ctx,
		input: {
			kind: 'integration',
			title: 'Gesamtstädtisches Integrationskonzept (Demo)',
			year: 2021,
			description:
				'Demo-Inhalt: Leitlinien der Stadt für Integration und Partizipation. Integration wird als Verbesserung der Teilhabechancen aller Bewohnerinnen und Bewohner verstanden.'
		}
	});
	for (const g of conceptGoals) await createConceptGoal({ ctx, conceptId: concept.id, input: g });
	await createCityConcept({
		ctx,
		input: {
			kind: 'isek',
			title: 'Integriertes Handlungs- und Entwicklungskonzept Schillerpromenade (Demo)',
			year: 2023,
			description: 'Demo-Inhalt: das integrierte Stadtteilentwicklungskonzept des Quartiersmanagements, an das das Stadtteilkonzept anknüpft.'
		}
	});

	const district = await db.kysely
		.selectFrom('district')
		.select('id')
		.where('municipality_id', '=', municipalityId)
		.where('code', '=', '081001')
		.executeTakeFirst();
	if (!district) return;
	await saveDistrictConcept({
		ctx,
		districtId: district.id,
		input: {
			conceptType: 'district-integration',
			approaches: ['cooperative', 'grassroots'],
			phase: 'inventory',
			integrationUnderstanding:
				'Integration heißt für uns, die Teilhabechancen aller Menschen in der Schillerpromenade zu verbessern – unabhängig von Herkunft, Sprache und Aufenthaltsdauer.',
			resources: 'Koordination: Integrationsbeauftragte (halbe Stelle freigestellt) im Tandem mit dem Quartiersmanagement; Projektbudget aus dem Quartiersfonds.',
			decisions: {
				'choose-district': { state: 'done', note: 'Auswahl anhand des Monitorings Soziale Stadtentwicklung 2021 und bestehender Kontakte des Quartiersmanagements.' },
				'integration-understanding': { state: 'in-progress', note: 'Entwurf liegt vor, Abstimmung im Stadtteilforum im Herbst.' },
				participants: { state: 'in-progress', note: 'Akteursübersicht begonnen; Migrantenorganisationen und Grundschulen angesprochen.' },
				resources: { state: 'done', note: '' },
				'roles-legitimation': { state: 'open', note: '' },
				'political-backing': { state: 'open', note: 'Beschlussvorlage für die Bezirksverordnetenversammlung in Vorbereitung.' }
			}
		}
	});
}
