import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translate } from '$lib/i18n';
import { NotFoundError, ValidationError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { listPlanVersions } from '$lib/server/plans/plan-versions.repository';
import { comparePlanVersions, DRAFT } from '$lib/server/plans/compare-plan-versions';

/**
 * Comparison of two versions, or a version and the working draft (GET form, works without JavaScript).
 * Without parameters the form proposes the version in force (or the newest) against the working draft.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const versions = await listPlanVersions(ctx.db.kysely, ctx.municipalityId, plan.id);
	const asked = url.searchParams.has('from') || url.searchParams.has('to');
	const proposed = versions.find((v) => v.state === 'resolved') ?? versions[0];
	const from = url.searchParams.get('from') ?? (asked ? DRAFT : (proposed?.id ?? DRAFT));
	const to = url.searchParams.get('to') ?? DRAFT;
	const ignoreProgress = url.searchParams.get('ignoreProgress') === 'on';
	let comparison = null;
	if (asked) {
		try {
			comparison = await comparePlanVersions(ctx.db.kysely, ctx.municipalityId, plan.id, { from, to }, { ignoreProgress });
		} catch (e) {
			if (e instanceof NotFoundError) error(404, 'Not Found');
			if (e instanceof ValidationError) error(422, Object.values(e.fieldErrors).flat().map((k) => translate(locals.locale, k)).join(' '));
			throw e;
		}
	}
	return { plan, versions, selected: { from, to, ignoreProgress }, comparison };
};
