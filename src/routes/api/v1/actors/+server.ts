import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { createActor } from '$lib/server/actors/create-actor';
import { filterFromUrl, loadInventory } from '$lib/server/actors/views';
import { translate } from '$lib/i18n';
import { filterActors, languageName } from '$lib/domain/actors';

/** All actors (profiles, no contact persons), with the same search and filters as the actor list. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { actors, activities, fields, districts } = await loadInventory(ctx.db.kysely, ctx.municipalityId);
		const filter = filterFromUrl(event.url, fields.map((f) => f.id), districts);
		const data = filterActors(actors, activities, filter, { language: (c) => languageName(c, ctx.locale), targetGroup: (g) => translate(ctx.locale, `activity.target.${g}`) });
		return jsonResponse({ data });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const actor = await createActor({ ctx, input: await readJson(event.request) });
		return jsonResponse(actor, 201, { location: `/api/v1/actors/${actor.id}` });
	});
