import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError, tenantContext } from '$lib/server/forms';
import { listFeedback } from '$lib/server/portal/portal.repository';
import { canReadFeedback } from '$lib/server/portal/policies';
import { setFeedbackHandled } from '$lib/server/portal/set-feedback-handled';
import { deleteFeedback } from '$lib/server/portal/delete-feedback';

/** The inbox of messages sent through the public feedback form (coordination). GET ?state=open|handled|all. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canReadFeedback(ctx.principal)) error(403, 'Forbidden');
	const param = url.searchParams.get('state');
	const state = param === 'handled' || param === 'all' ? param : 'open';
	return { state, messages: await listFeedback(ctx.db.kysely, ctx.municipalityId, { state }) };
};

const idOf = (values: Record<string, string | string[]>) => (typeof values.id === 'string' ? values.id : '');

export const actions: Actions = {
	handled: async ({ request, locals, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await setFeedbackHandled({ ctx, feedbackId: idOf(values), handled: true });
		} catch (e) {
			return failFromError(e, {});
		}
		return { done: 'handled' };
	},
	reopen: async ({ request, locals, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await setFeedbackHandled({ ctx, feedbackId: idOf(values), handled: false });
		} catch (e) {
			return failFromError(e, {});
		}
		return { done: 'reopened' };
	},
	delete: async ({ request, locals, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await deleteFeedback({ ctx, feedbackId: idOf(values) });
		} catch (e) {
			return failFromError(e, {});
		}
		return { done: 'deleted' };
	}
};
