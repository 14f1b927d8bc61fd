import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError, tenantContext } from '$lib/server/forms';
import { findNews } from '$lib/server/portal/portal.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { updateNews } from '$lib/server/portal/update-news';
import { deleteNews } from '$lib/server/portal/delete-news';

/** Edit or delete one news item; another municipality's item is a 404. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const news = await findNews(ctx.db.kysely, ctx.municipalityId, params.newsId);
	if (!news) error(404, 'Not Found');
	if (!ctx.principal.grants.some((g) => g.role === 'admin' || g.role === 'coordinator')) error(403, 'Forbidden');
	const districts = await listDistrictOptions(ctx.db.kysely, ctx.municipalityId);
	return { news, districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })) };
};

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await updateNews({ ctx, newsId: params.newsId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/portal`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			await deleteNews({ ctx, newsId: params.newsId });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/portal`);
	}
};
