import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { NotFoundError, ValidationError, type FieldErrors } from '../core/errors';

type Trx = Transaction<Database>;

/** Loads the plan a command writes to (inside its transaction); another municipality's plan is not found. */
export async function requirePlan(trx: Trx, municipalityId: string, planId: string) {
	const plan = await trx
		.selectFrom('action_plan')
		.select(['id', 'district_id', 'title'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', planId)
		.executeTakeFirst();
	if (!plan) throw new NotFoundError('action plan');
	return plan;
}

/** Collects reference problems of one input and throws them together, so the form shows all at once. */
export class ReferenceErrors {
	readonly errors: FieldErrors = {};
	add(field: string, key: string): void {
		(this.errors[field] ??= []).push(key);
	}
	throwIfAny(): void {
		if (Object.keys(this.errors).length) throw new ValidationError(this.errors);
	}
}

/** A field of action of this municipality; inactive ones only when already assigned (`currentId`). */
export async function checkActionField(trx: Trx, municipalityId: string, id: string, errs: ReferenceErrors, currentId?: string): Promise<void> {
	const f = await trx.selectFrom('action_field').select(['id', 'active']).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	if (!f) errs.add('actionFieldId', 'error.unknownReference');
	else if (f.active !== 1 && id !== currentId) errs.add('actionFieldId', 'error.inactiveField');
}

/** Goals must exist in this municipality and belong to `planId`. */
export async function checkGoals(trx: Trx, municipalityId: string, planId: string, ids: readonly string[], field: string, errs: ReferenceErrors): Promise<void> {
	if (ids.length === 0) return;
	const rows = await trx.selectFrom('goal').select(['id', 'action_plan_id']).where('municipality_id', '=', municipalityId).where('id', 'in', [...ids]).execute();
	const found = new Map(rows.map((r) => [r.id, r.action_plan_id]));
	if (ids.some((id) => !found.has(id))) errs.add(field, 'error.unknownReference');
	else if (ids.some((id) => found.get(id) !== planId)) errs.add(field, 'error.otherPlan');
}

export async function checkActors(trx: Trx, municipalityId: string, ids: readonly string[], field: string, errs: ReferenceErrors): Promise<void> {
	if (ids.length === 0) return;
	const rows = await trx.selectFrom('actor').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', [...ids]).execute();
	if (rows.length !== new Set(ids).size) errs.add(field, 'error.unknownReference');
}

export async function checkConceptGoals(trx: Trx, municipalityId: string, ids: readonly string[], errs: ReferenceErrors): Promise<void> {
	if (ids.length === 0) return;
	const rows = await trx.selectFrom('concept_goal').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', [...ids]).execute();
	if (rows.length !== new Set(ids).size) errs.add('conceptGoalIds', 'error.unknownReference');
}

/** Multi-value fields report their errors under the field name, not per element ("goalIds.0" → "goalIds"). */
export function collapseListPaths(errors: FieldErrors, lists: readonly string[]): FieldErrors {
	const out: FieldErrors = {};
	for (const [k, v] of Object.entries(errors)) {
		const base = k.split('.')[0];
		const key = lists.includes(base) ? base : k;
		out[key] = [...new Set([...(out[key] ?? []), ...v])];
	}
	return out;
}

export const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
