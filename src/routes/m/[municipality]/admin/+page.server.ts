import type { PageServerLoad } from './$types';
import { adminContext } from '$lib/server/accounts/route-guards';
import { listApiTokens, listMembers, listPendingInvitations } from '$lib/server/accounts/accounts.repository';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = adminContext(locals, url);
	const k = ctx.db.kysely;
	const [members, invitations, tokens] = await Promise.all([
		listMembers(k, ctx.municipalityId),
		listPendingInvitations(k, ctx.municipalityId),
		listApiTokens(k, ctx.municipalityId)
	]);
	return { counts: { members: members.length, invitations: invitations.length, tokens: tokens.filter((x) => !x.revokedAt).length } };
};
