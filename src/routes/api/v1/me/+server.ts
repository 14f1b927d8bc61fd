import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { findUserById } from '$lib/server/accounts/accounts.repository';
import { findMunicipalityById } from '$lib/server/municipalities/municipalities.repository';
import { NotFoundError } from '$lib/server/core/errors';

/** Who am I: the user an API token acts as, in which municipality, with which roles. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const user = await findUserById(ctx.db.kysely, ctx.principal.userId);
		const municipality = await findMunicipalityById(ctx.db.kysely, ctx.municipalityId);
		if (!user || !municipality) throw new NotFoundError('user');
		return jsonResponse({
			user: { id: user.id, name: user.name, email: user.email },
			municipality: { id: municipality.id, name: municipality.name, slug: municipality.slug },
			grants: ctx.principal.grants
		});
	});
