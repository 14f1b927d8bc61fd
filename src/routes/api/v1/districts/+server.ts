import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listDistricts } from '$lib/server/districts/districts.repository';
import { createDistrict } from '$lib/server/districts/create-district';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => jsonResponse({ data: await listDistricts(ctx.db.kysely, ctx.municipalityId) }));

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const district = await createDistrict({ ctx, input: await readJson(event.request) });
		return jsonResponse(district, 201, { location: `/api/v1/districts/${district.id}` });
	});
