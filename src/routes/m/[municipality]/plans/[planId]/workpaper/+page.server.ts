import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { listImports } from '$lib/server/workpaper/workpaper.repository';
import { previewWorkpaperImport, WORKPAPER_MAX_BYTES } from '$lib/server/workpaper/preview-workpaper-import';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const canEdit = canEditPlan(ctx.principal, plan.districtId);
	return { plan, canEdit, imports: canEdit ? await listImports(ctx.db.kysely, ctx.municipalityId, plan.id) : [], maxMb: WORKPAPER_MAX_BYTES / 1024 / 1024 };
};

export const actions: Actions = {
	default: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		let fd: FormData;
		try {
			fd = await request.formData();
		} catch {
			return fail(413, { errors: { file: ['statistics.upload.error.tooLarge'] }, values: {} });
		}
		const f = fd.get('file');
		if (!f || typeof f === 'string' || (f.size === 0 && !f.name)) return fail(422, { errors: { file: ['statistics.upload.error.missing'] }, values: {} });
		if (f.size > WORKPAPER_MAX_BYTES) return fail(413, { errors: { file: ['statistics.upload.error.tooLarge'] }, values: {} });
		let id: string;
		try {
			id = (await previewWorkpaperImport({ ctx, planId: params.planId, fileName: f.name || 'upload', bytes: new Uint8Array(await f.arrayBuffer()) })).id;
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/workpaper/${id}`);
	}
};
