import type { PageServerLoad } from './$types';
import { viewContext } from '$lib/server/statistics/views/route-helpers';
import { startView } from '$lib/server/statistics/views/views';

export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = viewContext(locals, url);
	return { view: await startView(ctx) };
};
