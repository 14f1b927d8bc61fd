import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { findImport } from '$lib/server/workpaper/workpaper.repository';
import { applyWorkpaperImport, type ConflictChoices } from '$lib/server/workpaper/apply-workpaper-import';
import { discardWorkpaperImport } from '$lib/server/workpaper/discard-workpaper-import';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const imp = await findImport(ctx.db.kysely, ctx.municipalityId, plan.id, params.importId);
	if (!imp) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	return { plan, imp, result: url.searchParams.get('applied') ? { updated: Number(url.searchParams.get('updated') ?? 0), created: Number(url.searchParams.get('created') ?? 0) } : null };
};

async function exists(locals: App.Locals, url: URL, params: { planId: string; importId: string }) {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan || !(await findImport(ctx.db.kysely, ctx.municipalityId, plan.id, params.importId))) error(404, 'Not Found');
	return ctx;
}

export const actions: Actions = {
	apply: async ({ locals, request, url, params }) => {
		const ctx = await exists(locals, url, params);
		const fd = await request.formData();
		const choices: ConflictChoices = {};
		for (const [k, v] of fd) if (k.startsWith('conflict:') && (v === 'file' || v === 'current')) choices[k.slice('conflict:'.length)] = v;
		let r: { updated: number; created: number };
		try {
			r = await applyWorkpaperImport({ ctx, planId: params.planId, importId: params.importId, choices });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/workpaper/${params.importId}?applied=1&updated=${r.updated}&created=${r.created}`);
	},
	discard: async ({ locals, request, url, params }) => {
		const ctx = await exists(locals, url, params);
		await request.formData();
		try {
			await discardWorkpaperImport({ ctx, planId: params.planId, importId: params.importId });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/workpaper/${params.importId}`);
	}
};
