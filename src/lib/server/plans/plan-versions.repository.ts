import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { SNAPSHOT_SCHEMA, type PlanSnapshot } from '../../domain/plans/snapshot';
import type { PlanVersionState } from './plan-versions.schema';
import { listActionFields } from './action-fields.repository';
import { listGoals } from './goals.repository';
import { listMeasures } from './measures.repository';
import { measureToInput } from './measure-input';
import { findPlan, listConceptGoalRefs } from './plans.repository';
import { listPlanTranslations, toSnapshotTranslation } from './plan-translations.repository';

type Q = Kysely<Database>;

export const planVersionStates = ['submitted', 'withdrawn', 'resolved', 'superseded'] as const satisfies readonly PlanVersionState[];

export interface Resolution {
	body: string;
	date: string;
	referenceNumber: string;
	link: string;
	notes: string;
	resolvedAt: string;
	resolvedByName: string | null;
}

export interface PlanVersionSummary {
	id: string;
	planId: string;
	number: number;
	state: PlanVersionState;
	goalCount: number;
	measureCount: number;
	totalCostCents: number;
	note: string;
	submittedAt: string;
	submittedByName: string | null;
	withdrawnAt: string | null;
	withdrawalReason: string;
	resolution: Resolution | null;
	supersededAt: string | null;
	supersededById: string | null;
}

export interface PlanVersion extends PlanVersionSummary {
	snapshot: PlanSnapshot;
}

const versionQuery = (db: Q, municipalityId: string) =>
	db
		.selectFrom('plan_version as v')
		.leftJoin('app_user as su', 'su.id', 'v.submitted_by')
		.leftJoin('app_user as ru', 'ru.id', 'v.resolved_by')
		.select([
			'v.id',
			'v.action_plan_id',
			'v.number',
			'v.state',
			'v.goal_count',
			'v.measure_count',
			'v.total_cost_cents',
			'v.note',
			'v.submitted_at',
			'su.name as submitted_by_name',
			'v.withdrawn_at',
			'v.withdrawal_reason',
			'v.resolution_body',
			'v.resolution_date',
			'v.resolution_reference',
			'v.resolution_link',
			'v.resolution_notes',
			'v.resolved_at',
			'ru.name as resolved_by_name',
			'v.superseded_at',
			'v.superseded_by_id'
		])
		.where('v.municipality_id', '=', municipalityId);

type Row = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

const toSummary = (r: Row): PlanVersionSummary => ({
	id: r.id,
	planId: r.action_plan_id,
	number: r.number,
	state: r.state,
	goalCount: r.goal_count,
	measureCount: r.measure_count,
	totalCostCents: Number(r.total_cost_cents),
	note: r.note,
	submittedAt: r.submitted_at,
	submittedByName: r.submitted_by_name,
	withdrawnAt: r.withdrawn_at,
	withdrawalReason: r.withdrawal_reason,
	resolution:
		r.resolution_body !== null && r.resolution_date !== null && r.resolution_reference !== null && r.resolved_at !== null
			? {
					body: r.resolution_body,
					date: r.resolution_date,
					referenceNumber: r.resolution_reference,
					link: r.resolution_link,
					notes: r.resolution_notes,
					resolvedAt: r.resolved_at,
					resolvedByName: r.resolved_by_name
				}
			: null,
	supersededAt: r.superseded_at,
	supersededById: r.superseded_by_id
});

/** The versions of a plan, newest first (without their snapshots). */
export async function listPlanVersions(db: Q, municipalityId: string, planId: string): Promise<PlanVersionSummary[]> {
	const rows = await versionQuery(db, municipalityId).where('v.action_plan_id', '=', planId).orderBy('v.number', 'desc').execute();
	return rows.map(toSummary);
}

/** One version with its snapshot; another municipality's version is not found. */
export async function findPlanVersion(db: Q, municipalityId: string, id: string): Promise<PlanVersion | undefined> {
	if (!isUuid(id)) return undefined;
	const r = await versionQuery(db, municipalityId).select('v.snapshot').where('v.id', '=', id).executeTakeFirst();
	return r && { ...toSummary(r), snapshot: JSON.parse(r.snapshot) as PlanSnapshot };
}

/** The resolved (currently valid) and the submitted version of a plan, for the plan page. */
export async function planVersionStatus(db: Q, municipalityId: string, planId: string): Promise<{ resolved: PlanVersionSummary | null; submitted: PlanVersionSummary | null; count: number }> {
	const all = await listPlanVersions(db, municipalityId, planId);
	return { resolved: all.find((v) => v.state === 'resolved') ?? null, submitted: all.find((v) => v.state === 'submitted') ?? null, count: all.length };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

/**
 * The living plan as a snapshot: texts and rules, goals with their links, measures with every field, and the
 * names of the fields of action, actors and city-wide goals they refer to. A fixed number of queries.
 */
export async function buildPlanSnapshot(db: Q, municipalityId: string, planId: string): Promise<PlanSnapshot | undefined> {
	const plan = await findPlan(db, municipalityId, planId);
	if (!plan) return undefined;
	const [goals, measures, fields, conceptGoals, translations] = await Promise.all([
		listGoals(db, municipalityId, planId),
		listMeasures(db, municipalityId, { planId }),
		listActionFields(db, municipalityId),
		listConceptGoalRefs(db, municipalityId),
		listPlanTranslations(db, municipalityId, planId)
	]);
	const usedFields = new Set([...goals.map((g) => g.actionFieldId), ...measures.map((m) => m.actionFieldId)]);
	const actors = new Map<string, string>();
	for (const m of measures) {
		if (m.leadActorId) actors.set(m.leadActorId, m.leadActorName ?? '');
		for (const p of m.partners) actors.set(p.id, p.name);
	}
	const usedConceptGoals = new Set(goals.flatMap((g) => g.conceptGoals.map((c) => c.id)));
	const ids = new Set([...goals.map((g) => g.id), ...measures.map((m) => m.id), ...usedFields]);
	return {
		schema: SNAPSHOT_SCHEMA,
		plan: { id: plan.id, districtId: plan.districtId, districtName: plan.districtName, title: plan.title, intro: plan.intro, rules: plan.rules },
		contentLanguages: plan.contentLanguages,
		// translations of the plan's current texts in its content languages (of removed goals/measures/languages: left out)
		translations: translations
			.filter((t) => plan.contentLanguages.includes(t.language) && (t.kind === 'plan' || ids.has(t.entityId)))
			.sort((a, b) => a.language.localeCompare(b.language) || a.kind.localeCompare(b.kind) || a.entityId.localeCompare(b.entityId) || a.field.localeCompare(b.field))
			.map(toSnapshotTranslation),
		actionFields: fields.filter((f) => usedFields.has(f.id)).map((f) => ({ id: f.id, key: f.key, name: f.name, sortOrder: f.sortOrder })),
		actors: [...actors].map(([id, name]) => ({ id, name })),
		conceptGoals: conceptGoals.filter((c) => usedConceptGoals.has(c.id)).map((c) => ({ id: c.id, code: c.code, title: c.title, conceptTitle: c.conceptTitle })),
		goals: goals.map((g) => ({
			id: g.id,
			parentGoalId: g.parentGoalId,
			actionFieldId: g.actionFieldId,
			title: g.title,
			description: g.description,
			priority: g.priority,
			timeHorizon: g.timeHorizon,
			operationalisation: g.operationalisation,
			conceptGoalIds: g.conceptGoals.map((c) => c.id)
		})),
		measures: measures.map((m) => ({ id: m.id, ...measureToInput(m) }))
	};
}
