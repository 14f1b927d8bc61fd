import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listNeeds } from '$lib/server/needs/needs.repository';
import { needFilterOptions, pick } from '$lib/server/needs/form-options';
import { recordsSomeNeeds } from '$lib/server/needs/policies';

const LIMIT = 500;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const options = await needFilterOptions(ctx.db.kysely, ctx.municipalityId);
	const q = url.searchParams;
	const filter = {
		districtId: pick(q.get('district'), options.districts.map((d) => d.id)),
		actionFieldId: pick(q.get('field'), options.fields.map((f) => f.id)),
		channel: pick(q.get('channel'), options.channels),
		state: pick(q.get('state'), options.states),
		language: pick(q.get('language'), options.languages)
	};
	const needs = await listNeeds(ctx.db.kysely, ctx.municipalityId, filter, LIMIT + 1);
	const filtered = Object.values(filter).some(Boolean);
	return {
		needs: needs.slice(0, LIMIT),
		truncated: needs.length > LIMIT,
		limit: LIMIT,
		anyNeeds: filtered || needs.length > 0,
		filter,
		filtered,
		options,
		canCreate: recordsSomeNeeds(ctx.principal)
	};
};
