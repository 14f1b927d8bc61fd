import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError, tenantContext } from '$lib/server/forms';
import { countOpenFeedback, listNews } from '$lib/server/portal/portal.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { createNews } from '$lib/server/portal/create-news';
import { canReadFeedback } from '$lib/server/portal/policies';
import { todayInGermany } from '$lib/server/plans/plan-version-input';

/** The coordination's view of the public portal: news (create, list) and the number of open feedback messages. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!ctx.principal.grants.some((g) => g.role === 'admin' || g.role === 'coordinator')) error(403, 'Forbidden');
	const [news, districts, openFeedback] = await Promise.all([
		listNews(ctx.db.kysely, ctx.municipalityId, { publishedOnly: false }),
		listDistrictOptions(ctx.db.kysely, ctx.municipalityId),
		canReadFeedback(ctx.principal) ? countOpenFeedback(ctx.db.kysely, ctx.municipalityId) : Promise.resolve(null)
	]);
	return { news, districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })), openFeedback, today: todayInGermany() };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		let id: string;
		try {
			id = (await createNews({ ctx, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/portal?created=${id}`);
	}
};
