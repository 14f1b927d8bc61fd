import type { RequestHandler } from './$types';
import { openDataResponse } from '$lib/server/portal/open-data-response';

/** Stable URL of the plan in force: resolved.json, resolved.csv, resolved-goals.csv, resolved.geojson. */
export const GET: RequestHandler = ({ locals, params, request, url }) =>
	openDataResponse({ db: locals.db.kysely, slug: params.municipality, planId: params.planId, file: params.file, numbered: false, request, origin: url.origin });
