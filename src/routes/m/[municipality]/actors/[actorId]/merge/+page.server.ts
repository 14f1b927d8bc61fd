import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { actorUsage, findActor, listActors } from '$lib/server/actors/actors.repository';
import { canMergeActors } from '$lib/server/actors/policies';
import { mergeActors } from '$lib/server/actors/merge-actors';
import { NotFoundError } from '$lib/server/core/errors';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	if (!canMergeActors(ctx.principal)) error(403, 'Forbidden');
	const all = await listActors(ctx.db.kysely, ctx.municipalityId);
	// Preview what would move, for the actor chosen in the GET form (no JavaScript needed).
	const chosen = all.find((a) => a.id === url.searchParams.get('duplicate') && a.id !== actor.id) ?? null;
	return {
		actor,
		choices: all.filter((a) => a.id !== actor.id),
		chosen,
		usage: chosen ? await actorUsage(ctx.db.kysely, ctx.municipalityId, chosen.id) : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			if (!(await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId))) throw new NotFoundError('actor');
			await mergeActors({ ctx, actorId: params.actorId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=merged`);
	}
};
