import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { NotFoundError, ValidationError, type FieldErrors } from '../core/errors';
import { diffSnapshots, type DiffOptions, type PlanDiff } from '../../domain/plans/diff';
import type { PlanSnapshot } from '../../domain/plans/snapshot';
import { buildPlanSnapshot, findPlanVersion, isUuid, type PlanVersionSummary } from './plan-versions.repository';

/** One side of a comparison: a version, or the working draft (the living plan as it is now). */
export type ComparedSide = { kind: 'draft' } | { kind: 'version'; version: PlanVersionSummary };

export interface Comparison {
	from: ComparedSide;
	to: ComparedSide;
	diff: PlanDiff;
}

/** 'draft' or a version id of this plan. */
export const DRAFT = 'draft';

/**
 * Compares two versions of a plan, or a version with the working draft. The plan must exist in this
 * municipality (else not found); a version id that does not exist here is not found; a version of another
 * plan of the same municipality is a field error ("gehört zu einem anderen Aktionsplan").
 */
export async function comparePlanVersions(db: Kysely<Database>, municipalityId: string, planId: string, refs: { from: string; to: string }, opts: DiffOptions = {}): Promise<Comparison> {
	const errors: FieldErrors = {};
	for (const k of ['from', 'to'] as const) {
		const v = refs[k];
		if (!v) errors[k] = ['error.required'];
		else if (v !== DRAFT && !isUuid(v)) errors[k] = ['error.invalidChoice'];
	}
	if (!isUuid(planId)) throw new NotFoundError('action plan');
	const draft = await buildPlanSnapshot(db, municipalityId, planId);
	if (!draft) throw new NotFoundError('action plan');
	if (Object.keys(errors).length) throw new ValidationError(errors);
	const side = async (k: 'from' | 'to'): Promise<{ side: ComparedSide; snapshot: PlanSnapshot }> => {
		const ref = refs[k];
		if (ref === DRAFT) return { side: { kind: 'draft' }, snapshot: draft };
		const found = await findPlanVersion(db, municipalityId, ref);
		if (!found) throw new NotFoundError('plan version');
		if (found.planId !== planId) errors[k] = ['error.versionOtherPlan'];
		const { snapshot, ...version } = found;
		return { side: { kind: 'version', version }, snapshot };
	};
	const from = await side('from');
	const to = await side('to');
	if (Object.keys(errors).length) throw new ValidationError(errors);
	return { from: from.side, to: to.side, diff: diffSnapshots(from.snapshot, to.snapshot, opts) };
}
