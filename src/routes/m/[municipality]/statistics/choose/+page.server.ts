import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { queryOf, viewContext } from '$lib/server/statistics/views/route-helpers';
import { chooseView, mssPresetQuery, PRESET_MSS } from '$lib/server/statistics/views/choose';

export const csr = false;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const presetQuery = await mssPresetQuery(ctx);
	// The preset link expands into the full configuration, so the address always shows what was computed.
	if (url.searchParams.get('preset') === PRESET_MSS && !url.searchParams.has('ind') && presetQuery) redirect(303, `/m/${params.municipality}/statistics/choose?${presetQuery}`);
	const view = await chooseView(ctx, url.searchParams);
	const result = view.result && (({ table: _t, classByCode: _c, ...rest }) => rest)(view.result);
	return { view: { ...view, result }, presetAvailable: presetQuery !== null, query: queryOf(url) };
};
