import type { Db } from '../db/connection';
import { systemPrincipal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { log } from '../core/log';
import { createActionPlan } from './create-action-plan';
import { createGoal } from './create-goal';
import { createMeasure } from './create-measure';
import { updateMeasureProgress } from './update-measure-progress';
import { submitPlanVersion } from './submit-plan-version';
import { resolvePlanVersion } from './resolve-plan-version';
import { createNews } from '../portal/create-news';

/**
 * Demo Local Action Plan for the first demo district (found by querying, so it runs after the districts'
 * demo content): goals in three fields of action, linked to the city-wide concept goals where they exist, and
 * measures with lead, partners, schedule, milestones, cost and spatial reference. Version 1 is resolved by the
 * district council; afterwards progress is reported and a new measure is drafted, so the public portal shows a
 * resolved plan with progress and the draft can be compared with the resolution. Other districts stay without a
 * plan, so creating one can be tried out.
 */
export async function seedDemoPlan(db: Db, municipalityId: string): Promise<void> {
	const k = db.kysely;
	const district = await k
		.selectFrom('district')
		.select(['id', 'name'])
		.where('municipality_id', '=', municipalityId)
		.where('parent_id', 'is', null)
		.orderBy('code')
		.executeTakeFirst();
	const actors = await k.selectFrom('actor').select(['id', 'name', 'kind']).where('municipality_id', '=', municipalityId).orderBy('name').execute();
	if (!district || actors.length === 0) {
		log('warn', 'demo plan not seeded: no demo district or actors', { municipalityId });
		return;
	}
	const existing = await k.selectFrom('action_plan').select('id').where('municipality_id', '=', municipalityId).where('district_id', '=', district.id).executeTakeFirst();
	if (existing) return;

	const ctx: CommandContext = { db, principal: systemPrincipal(municipalityId), requestId: 'demo-seed' };
	const fields = Object.fromEntries(
		(await k.selectFrom('action_field').select(['id', 'key']).where('municipality_id', '=', municipalityId).execute()).map((f) => [f.key, f.id])
	);
	const conceptGoals = Object.fromEntries(
		(await k.selectFrom('concept_goal').select(['id', 'code']).where('municipality_id', '=', municipalityId).execute()).map((g) => [g.code, g.id])
	);
	const links = (...codes: string[]) => codes.map((c) => conceptGoals[c]).filter((id): id is string => !!id);
	// Prefer actors by kind; fall back to any actor so the demo works with other actor sets too.
	const byKind = (kind: string, nth = 0) => actors.filter((a) => a.kind === kind)[nth]?.id ?? actors[nth % actors.length].id;
	const byName = (part: string, fallbackKind: string) => actors.find((a) => a.name.includes(part))?.id ?? byKind(fallbackKind);
	const youth = byName('Jugendamt', 'administration');
	const schools = byName('Schul', 'administration');
	const health = byName('Gesundheit', 'administration');
	const urban = byName('Stadtentwicklung', 'administration');
	const migrantOrg = byKind('migrant-organisation');
	const kita = byKind('kita');
	const school = byKind('school');
	const housing = byKind('housing-company');
	const qm = byKind('provider');
	const year = new Date().getFullYear();
	const d = (y: number, md: string) => `${year + y}-${md}`;

	const { id: planId } = await createActionPlan({
		ctx,
		input: {
			districtId: district.id,
			title: `Lokaler Aktionsplan Integration ${district.name} (Demo)`,
			introOrigin:
				'Demo-Inhalt. Der Lokale Aktionsplan ist aus der Bestandsaufnahme im Stadtteil entstanden: Statistik, Befragungen an Schulen und Kitas sowie zwei Akteursforen mit Flüsterecken in mehreren Sprachen.',
			introFunction:
				'Er bündelt die Integrationsziele für den Stadtteil, konkretisiert das gesamtstädtische Integrationskonzept und knüpft an das Integrierte Handlungs- und Entwicklungskonzept des Quartiersmanagements an.',
			introScope: 'Er gilt für den Stadtteil und für drei Jahre; Maßnahmen mit gesamtstädtischer Reichweite sind gekennzeichnet.',
			reportingRules: 'Die federführenden Stellen melden den Stand ihrer Maßnahmen halbjährlich; die Koordinierungsstelle berichtet einmal im Jahr der Steuerungsgruppe und dem Integrationsbeirat.',
			evaluationRules: 'Die Steuerungsgruppe überprüft die Zielerreichung jährlich anhand der Indikatoren und einer Werkstatt mit Akteuren und Bewohnerinnen und Bewohnern.',
			revisionRules: 'Die Koordinierungsstelle schreibt den Plan alle drei Jahre fort; der Entwurf wird im Stadtteilforum beraten und politisch beschlossen.'
		}
	});

	const goal = async (input: Record<string, unknown>) => (await createGoal({ ctx, input: { planId, ...input } })).id;
	const education = await goal({
		actionFieldId: fields.education,
		title: 'Übergänge von der Kita in die Grundschule gelingen',
		description: 'Bei den Einschulungsuntersuchungen hat ein Drittel der Kinder Förderbedarf in der deutschen Sprache.',
		priority: 1,
		timeHorizon: d(3, '07-31'),
		operationalisation: 'Anteil der Kinder mit Sprachförderbedarf bei der Einschulungsuntersuchung sinkt unter 25 %.',
		conceptGoalIds: links('1', '2')
	});
	const parents = await goal({
		actionFieldId: fields.education,
		parentGoalId: education,
		title: 'Eltern begleiten ihre Kinder beim Schulstart',
		priority: 2,
		timeHorizon: d(2, '12-31'),
		operationalisation: 'Teilnahme an Elternangeboten; Rückmeldungen der Grundschulen.',
		conceptGoalIds: links('1')
	});
	const healthGoal = await goal({
		actionFieldId: fields.health,
		title: 'Gesundheitsangebote erreichen alle Familien',
		description: 'Befragte Familien kennen die Angebote oft nicht; Informationen gibt es fast nur auf Deutsch.',
		priority: 2,
		timeHorizon: d(2, '12-31'),
		operationalisation: 'Nutzung der Beratungsangebote nach Sprache; Befragung im Stadtteil.',
		conceptGoalIds: links('5')
	});
	const participation = await goal({
		actionFieldId: fields.participation,
		title: 'Migrantenorganisationen wirken in den Stadtteilgremien mit',
		priority: 1,
		timeHorizon: d(1, '12-31'),
		operationalisation: 'Mindestens drei Migrantenorganisationen sind im Stadtteilforum vertreten.',
		conceptGoalIds: links('4', '6')
	});

	const measure = (input: Record<string, unknown>) => createMeasure({ ctx, input: { planId, ...input } });
	const cafe = await measure({
		actionFieldId: fields.education,
		title: 'Sprachcafé für Eltern an der Grundschule',
		description: 'Wöchentliches Treffen mit Kinderbetreuung; Deutsch im Alltag und Fragen zum Schulstart.',
		goalIds: [education, parents],
		leadActorId: youth,
		partnerActorIds: [school, migrantOrg],
		startDate: d(0, '09-01'),
		endDate: d(2, '07-31'),
		milestones: [
			{ title: 'Räume und Kinderbetreuung geklärt', dueDate: d(0, '08-15'), done: true },
			{ title: 'Erstes Treffen', dueDate: d(0, '09-10') },
			{ title: 'Auswertung mit den Eltern', dueDate: d(1, '06-30') }
		],
		costCents: 1_250_000,
		fundingSource: 'Quartiersfonds',
		spatialScope: 'site',
		siteLabel: 'Grundschule am Park',
		siteLat: 52.4766,
		siteLon: 13.4217,
		decidableLocally: true,
		integrated: true,
		starterProject: true,
		status: 'in-progress'
	});
	const pilots = await measure({
		actionFieldId: fields.education,
		title: 'Kita-Lotsinnen für den Übergang in die Schule',
		description: 'Mehrsprachige Lotsinnen begleiten Familien vom letzten Kitajahr bis zu den ersten Schulwochen.',
		goalIds: [education],
		leadActorId: schools,
		partnerActorIds: [kita, migrantOrg],
		startDate: d(1, '01-01'),
		endDate: d(3, '12-31'),
		milestones: [{ title: 'Lotsinnen gewonnen und geschult', dueDate: d(1, '03-31') }],
		costCents: 4_800_000,
		fundingSource: 'Landesprogramm Bildung im Quartier',
		spatialScope: 'district',
		integrated: true,
		status: 'planned'
	});
	const guide = await measure({
		actionFieldId: fields.health,
		title: 'Mehrsprachiger Gesundheitswegweiser für den Stadtteil',
		description: 'Gedruckt und online, in sechs Sprachen; erstellt mit Bewohnerinnen und Bewohnern.',
		goalIds: [healthGoal],
		leadActorId: health,
		partnerActorIds: [qm, migrantOrg],
		startDate: d(0, '03-01'),
		endDate: d(0, '11-30'),
		milestones: [
			{ title: 'Inhalte mit Bewohnerinnen und Bewohnern gesammelt', dueDate: d(0, '05-31'), done: true },
			{ title: 'Übersetzungen fertig', dueDate: d(0, '09-30') }
		],
		costCents: 850_000,
		fundingSource: 'Haushalt Gesundheitsamt',
		spatialScope: 'district',
		decidableLocally: true,
		status: 'in-progress'
	});
	await measure({
		actionFieldId: fields.participation,
		title: 'Sitze für Migrantenorganisationen im Stadtteilforum',
		description: 'Die Geschäftsordnung des Stadtteilforums wird geändert; Sitzungen mit Dolmetschung.',
		goalIds: [participation],
		leadActorId: urban,
		partnerActorIds: [qm, migrantOrg],
		startDate: d(0, '01-15'),
		endDate: d(0, '06-30'),
		milestones: [{ title: 'Geschäftsordnung beschlossen', dueDate: d(0, '04-30'), done: true }],
		spatialScope: 'district',
		decidableLocally: true,
		starterProject: true,
		status: 'completed'
	});
	await measure({
		actionFieldId: fields.participation,
		title: 'Integrierte, sozialraumorientierte Sozialberichterstattung',
		description: 'Die Erfahrungen des Stadtteils fließen in ein gesamtstädtisches Berichtswesen ein.',
		goalIds: [participation, healthGoal],
		leadActorId: urban,
		partnerActorIds: [youth, health, housing],
		startDate: d(1, '01-01'),
		costCents: 3_000_000,
		fundingSource: 'noch offen',
		spatialScope: 'city',
		integrated: true,
		status: 'on-hold'
	});
	await resolveDemoVersion(ctx, planId);

	// The living plan after the resolution: progress reported by the departments and one new measure in the draft,
	// so the public page shows progress beside the resolved plan and the versions can be compared.
	const milestones = async (id: string) => (await k.selectFrom('milestone').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('measure_id', '=', id).orderBy('sort_order').execute()).map((x) => x.id);
	await updateMeasureProgress({ ctx, measureId: cafe.id, input: { doneMilestoneIds: (await milestones(cafe.id)).slice(0, 2) } });
	await updateMeasureProgress({ ctx, measureId: pilots.id, input: { status: 'in-progress', doneMilestoneIds: await milestones(pilots.id) } });
	await updateMeasureProgress({
		ctx,
		measureId: guide.id,
		input: { status: 'completed', doneMilestoneIds: await milestones(guide.id), description: 'Gedruckt und online, in sechs Sprachen; erstellt mit Bewohnerinnen und Bewohnern. Seit dem Herbst liegt er in Arztpraxen, Apotheken und Beratungsstellen aus.' }
	});
	await measure({
		actionFieldId: fields.participation,
		title: 'Sprachmittlung für Elternabende und Sprechstunden',
		description: 'Ein Pool ehrenamtlicher Sprachmittlerinnen und Sprachmittler, geschult und mit Aufwandsentschädigung; Vorschlag aus dem Stadtteilforum, noch nicht beschlossen.',
		goalIds: [participation, parents],
		leadActorId: qm,
		partnerActorIds: [migrantOrg, school],
		startDate: d(1, '02-01'),
		costCents: 900_000,
		fundingSource: 'Verfügungsfonds',
		spatialScope: 'district',
		decidableLocally: true,
		status: 'planned'
	});
	await createNews({
		ctx,
		input: {
			title: 'Aktionsplan beschlossen',
			body: `Die Bezirksverordnetenversammlung hat den Lokalen Aktionsplan Integration für ${district.name} beschlossen. Auf dieser Seite sehen Sie, wie weit die Maßnahmen sind.`,
			publishedOn: resolutionDate(),
			published: 'on',
			districtId: district.id
		}
	});
	log('info', 'demo plan seeded', { district: district.name });
}

/** About two months ago (never in the future, whatever day the demo is seeded). */
const resolutionDate = (): string => new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);

/** Version 1 submitted to the district council and resolved, so the demo portal shows a resolved plan. */
async function resolveDemoVersion(ctx: CommandContext, planId: string): Promise<void> {
	const date = resolutionDate();
	const version = await submitPlanVersion({ ctx, planId, input: { note: 'Vorlage für die Bezirksverordnetenversammlung (Demo)' } });
	await resolvePlanVersion({
		ctx,
		planId,
		versionId: version.id,
		input: { body: 'Bezirksverordnetenversammlung Neukölln', date, referenceNumber: `Drucksache ${date.slice(0, 4)}/0417 (Demo)`, notes: 'Demo-Inhalt: einstimmig beschlossen.' }
	});
}
