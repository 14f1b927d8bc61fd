import type { RequestHandler } from './$types';
import { openDataResponse } from '$lib/server/portal/open-data-response';

/** Stable URL of one resolved or superseded version, frozen: {n}.json, {n}.csv, {n}-goals.csv, {n}.geojson. */
export const GET: RequestHandler = ({ locals, params, request, url }) =>
	openDataResponse({ db: locals.db.kysely, slug: params.municipality, planId: params.planId, file: params.file, numbered: true, request, origin: url.origin });
