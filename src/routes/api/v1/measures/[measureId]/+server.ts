import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { ForbiddenError, NotFoundError } from '$lib/server/core/errors';
import { findMeasure } from '$lib/server/plans/measures.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { updateMeasure } from '$lib/server/plans/update-measure';
import { updateMeasureProgress } from '$lib/server/plans/update-measure-progress';
import { deleteMeasure } from '$lib/server/plans/delete-measure';

const PROGRESS_FIELDS = new Set(['status', 'description', 'doneMilestoneIds']);

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, event.params.measureId);
		if (!measure) throw new NotFoundError('measure');
		return jsonResponse(measure);
	});

/** Plan owners change any field; the lead's or a partner's department/partner users report progress only. */
export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, event.params.measureId);
		if (!measure) throw new NotFoundError('measure');
		const body = await readJson(event.request);
		if (canEditPlan(ctx.principal, measure.districtId)) {
			await updateMeasure({ ctx, measureId: measure.id, input: body, partial: true });
		} else {
			if (body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).some((k) => !PROGRESS_FIELDS.has(k))) throw new ForbiddenError();
			await updateMeasureProgress({ ctx, measureId: measure.id, input: body });
		}
		return jsonResponse(await findMeasure(ctx.db.kysely, ctx.municipalityId, measure.id));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteMeasure({ ctx, measureId: event.params.measureId });
		return new Response(null, { status: 204 });
	});
