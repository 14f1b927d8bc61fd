import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { getPortalSettings } from '$lib/server/portal/portal.repository';
import { submitFeedback } from '$lib/server/portal/submit-feedback';
import { formValues } from '$lib/server/forms';
import { RateLimitError, ValidationError } from '$lib/server/core/errors';
import { feedbackTopics } from '$lib/domain/portal';

async function portalOf(locals: App.Locals, slug: string) {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, slug);
	if (!municipality) error(404, 'Not Found');
	const settings = await getPortalSettings(locals.db.kysely, municipality.id);
	if (!settings.enabled) error(404, 'Not Found');
	return { municipality, settings };
}

/** The feedback contact (barriers, content, anything else): a plain form, no login, no JavaScript. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { settings } = await portalOf(locals, params.municipality);
	const topic = url.searchParams.get('topic');
	const from = url.searchParams.get('from') ?? '';
	return {
		topics: [...feedbackTopics],
		topic: (feedbackTopics as readonly string[]).includes(topic ?? '') ? topic : 'content',
		from: /^\/p\/[^\s]{0,400}$/.test(from) ? from : '',
		sent: url.searchParams.get('sent') === '1',
		contact: { email: settings.feedbackEmail, phone: settings.feedbackPhone }
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, getClientAddress }) => {
		const { municipality } = await portalOf(locals, params.municipality);
		const values = formValues(await request.formData());
		try {
			await submitFeedback({ db: locals.db, municipalityId: municipality.id, input: values, clientAddress: getClientAddress(), language: locals.locale, requestId: locals.requestId });
		} catch (e) {
			const { website: _w, ...shown } = values;
			if (e instanceof ValidationError) return fail(422, { errors: e.fieldErrors, values: shown });
			if (e instanceof RateLimitError) return fail(429, { errors: { _form: ['error.rateLimited'] }, values: shown });
			throw e;
		}
		redirect(303, `/p/${municipality.slug}/feedback?sent=1`);
	}
};
