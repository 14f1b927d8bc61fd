import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findDistrict } from '$lib/server/districts/districts.repository';
import { updateDistrict } from '$lib/server/districts/update-district';
import { deleteDistrict } from '$lib/server/districts/delete-district';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const district = await findDistrict(ctx.db.kysely, ctx.municipalityId, event.params.districtId);
		if (!district) throw new NotFoundError('district');
		return jsonResponse(district);
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		// Existence first: another municipality's id is 404 whatever the body says.
		if (!(await findDistrict(ctx.db.kysely, ctx.municipalityId, event.params.districtId))) throw new NotFoundError('district');
		return jsonResponse(await updateDistrict({ ctx, districtId: event.params.districtId, input: await readJson(event.request) }));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteDistrict({ ctx, districtId: event.params.districtId });
		return new Response(null, { status: 204 });
	});
