import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { findPlanVersion, listPlanVersions } from '$lib/server/plans/plan-versions.repository';
import { canEditPlan, canResolvePlan } from '$lib/server/plans/policies';
import { resolvePlanVersion } from '$lib/server/plans/resolve-plan-version';
import { withdrawPlanVersion } from '$lib/server/plans/withdraw-plan-version';
import { todayInGermany } from '$lib/server/plans/plan-version-input';

const NOTICES: Record<string, string> = { submitted: 'planVersion.notice.submitted', resolved: 'planVersion.notice.resolved', withdrawn: 'planVersion.notice.withdrawn' };

/** A frozen version, read-only: its plan text, rules, goals by field of action and measures as they were. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	const version = plan && (await findPlanVersion(ctx.db.kysely, ctx.municipalityId, params.versionId));
	if (!plan || !version || version.planId !== plan.id) error(404, 'Not Found');
	const others = (await listPlanVersions(ctx.db.kysely, ctx.municipalityId, plan.id)).filter((v) => v.id !== version.id);
	const notice = Object.keys(NOTICES).find((k) => url.searchParams.has(k));
	return {
		plan,
		version,
		previous: others.find((v) => v.number < version.number && v.state !== 'withdrawn') ?? null,
		supersededBy: version.supersededById ? (others.find((v) => v.id === version.supersededById) ?? null) : null,
		canResolve: canResolvePlan(ctx.principal, plan.districtId),
		canWithdraw: canEditPlan(ctx.principal, plan.districtId),
		today: todayInGermany(),
		notice: notice ? NOTICES[notice] : null
	};
};

/** Existence first: a version of another plan or municipality is 404 whatever the form says. */
async function requireVersion(ctx: ReturnType<typeof tenantContext>, planId: string, versionId: string) {
	const v = await findPlanVersion(ctx.db.kysely, ctx.municipalityId, versionId);
	if (!v || v.planId !== planId) error(404, 'Not Found');
}

export const actions: Actions = {
	resolve: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireVersion(ctx, params.planId, params.versionId);
		const values = formValues(await request.formData());
		try {
			await resolvePlanVersion({ ctx, planId: params.planId, versionId: params.versionId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `${url.pathname}?resolved=1`);
	},
	withdraw: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireVersion(ctx, params.planId, params.versionId);
		const values = formValues(await request.formData());
		try {
			await withdrawPlanVersion({ ctx, planId: params.planId, versionId: params.versionId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `${url.pathname}?withdrawn=1`);
	}
};
