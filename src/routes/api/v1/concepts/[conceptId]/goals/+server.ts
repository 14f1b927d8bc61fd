import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findCityConcept } from '$lib/server/concepts/concepts.repository';
import { createConceptGoal } from '$lib/server/concepts/create-concept-goal';

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { conceptId } = event.params;
		// Existence first: another municipality's concept is 404 even with an invalid body.
		if (!(await findCityConcept(ctx.db.kysely, ctx.municipalityId, conceptId))) throw new NotFoundError('city concept');
		const goal = await createConceptGoal({ ctx, conceptId, input: await readJson(event.request) });
		return jsonResponse(goal, 201);
	});
