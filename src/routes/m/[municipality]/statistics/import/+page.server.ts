import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { listImportRuns } from '$lib/server/indicators/indicators.repository';
import { createImportDraft, isDraft, uploadFromForm, uploadLimitBytes } from '$lib/server/indicators/import-wizard';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const runs = (await listImportRuns(ctx.db.kysely, ctx.municipalityId, 30)).filter((r) => r.kind === 'observations');
	return {
		maxBytes: uploadLimitBytes(),
		runs: runs.map((r) => ({ id: r.id, fileName: r.fileName, state: isDraft(r) ? 'draft' : r.status, createdAt: r.createdAt, inserted: r.insertedCount, updated: r.updatedCount, errors: r.errorCount }))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		let fd: FormData;
		try {
			fd = await request.formData();
		} catch {
			return fail(413, { errors: { file: ['statistics.upload.error.tooLarge'] }, issues: [] });
		}
		const file = await uploadFromForm(fd);
		if (!file.ok) return fail(file.error.endsWith('tooLarge') ? 413 : 422, { errors: { file: [file.error] }, issues: [] });
		let importId: string;
		try {
			const r = await createImportDraft({ ctx, kind: 'observations', fileName: file.fileName, bytes: file.bytes });
			if (!r.ok) return fail(422, { errors: { file: ['statistics.upload.error.unreadable'] }, issues: r.issues });
			importId = r.importId;
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/statistics/import/${importId}`);
	}
};
