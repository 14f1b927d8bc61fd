import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { countNeeds, listNeeds } from '$lib/server/needs/needs.repository';
import { needFilterOptions, pick } from '$lib/server/needs/form-options';
import { recordsSomeNeeds } from '$lib/server/needs/policies';
import { reviewStates } from '$lib/domain/needs';

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
		language: pick(q.get('language'), options.languages),
		// Public submissions: 'pending' (received online, to review), 'accepted', 'rejected'; none = all but rejected.
		review: pick(q.get('review'), reviewStates)
	};
	const [needs, pendingCount] = await Promise.all([
		listNeeds(ctx.db.kysely, ctx.municipalityId, filter, LIMIT + 1),
		countNeeds(ctx.db.kysely, ctx.municipalityId, { review: 'pending' })
	]);
	const filtered = Object.values(filter).some(Boolean);
	return {
		needs: needs.slice(0, LIMIT),
		truncated: needs.length > LIMIT,
		limit: LIMIT,
		anyNeeds: filtered || needs.length > 0 || pendingCount > 0,
		filter,
		filtered,
		options: { ...options, reviewStates: [...reviewStates] },
		pendingCount,
		canCreate: recordsSomeNeeds(ctx.principal)
	};
};
