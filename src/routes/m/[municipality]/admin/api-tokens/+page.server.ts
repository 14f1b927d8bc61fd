import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { adminContext } from '$lib/server/accounts/route-guards';
import { listApiTokens, listMembers } from '$lib/server/accounts/accounts.repository';
import { createApiToken } from '$lib/server/accounts/create-api-token';
import { revokeApiToken } from '$lib/server/accounts/revoke-api-token';
import { formatDateTime } from '$lib/server/accounts/format';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = adminContext(locals, url);
	const [tokens, members] = await Promise.all([listApiTokens(ctx.db.kysely, ctx.municipalityId), listMembers(ctx.db.kysely, ctx.municipalityId)]);
	return {
		tokens: tokens.map((x) => ({
			...x,
			createdAt: formatDateTime(x.createdAt, locals.locale),
			lastUsedAt: formatDateTime(x.lastUsedAt, locals.locale),
			revokedAt: formatDateTime(x.revokedAt, locals.locale)
		})),
		members: members.filter((m) => !m.disabled).map((m) => ({ id: m.userId, name: m.name, email: m.email })),
		selfId: ctx.principal.userId
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const ctx = adminContext(locals, url);
		const values = formValues(await request.formData());
		try {
			const created = await createApiToken({ ctx, input: values });
			// Shown exactly once, in this response; only its hash is stored.
			return { created: { name: created.name, token: created.token } };
		} catch (e) {
			return failFromError(e, { ...values, section: 'create' });
		}
	},
	revoke: async ({ request, locals, url }) => {
		const ctx = adminContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await revokeApiToken({ ctx, input: values });
		} catch (e) {
			return failFromError(e, { section: 'list' });
		}
		return { revoked: true };
	}
};
