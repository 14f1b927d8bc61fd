import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { getPortalSettings } from '$lib/server/portal/portal.repository';
import { findDistrictRef } from '$lib/server/plans/plans.repository';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { formValues } from '$lib/server/forms';
import { NotFoundError, RateLimitError, ValidationError } from '$lib/server/core/errors';
import { submitPublicNeed } from '$lib/server/needs/submit-public-need';
import { FORM_KEY, HONEYPOT, MAX_FORM_BYTES, needFormStart, STARTED } from '$lib/server/needs/public-form';
import { handbookActionFields } from '$lib/domain/action-fields';
import { languageName, statementLanguages, targetGroups } from '$lib/domain/needs';
import { hasMessage } from '$lib/i18n';

/**
 * Part of the public portal (server-rendered only, no JavaScript): a resident raises a need of the district
 * without login. The need waits for review by staff before it appears on the public needs page. An unknown
 * municipality, a switched-off portal or a district of another municipality is a 404.
 */
export const load: PageServerLoad = async ({ locals, params, parent, setHeaders }) => {
	// Every served form carries its own start time and one-time key: never cached or shared.
	setHeaders({ 'cache-control': 'private, no-store' });
	const { locale } = await parent();
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const district = await findDistrictRef(locals.db.kysely, municipality.id, params.districtId);
	if (!district) error(404, 'Not Found');
	const fields = await listActionFields(locals.db.kysely, municipality.id, { activeOnly: true });
	// A handbook field still under its original German name is shown in the reader's language.
	const defaults = new Map<string, string>(handbookActionFields.map((f) => [f.key, f.name]));
	const translatedKey = (key: string, name: string) =>
		locale !== 'de' && defaults.get(key) === name && hasMessage(locale, `publicNeeds.fieldKey.${key}`) ? `publicNeeds.fieldKey.${key}` : null;
	const pageLanguage = locale === 'de-x-ls' ? 'de' : locale;
	const collator = new Intl.Collator(pageLanguage);
	return {
		municipalityName: municipality.name,
		district: { id: district.id, name: district.name },
		fields: fields.map((f) => ({ id: f.id, name: f.name, translatedKey: translatedKey(f.key, f.name) })),
		targetGroups: [...targetGroups],
		languages: statementLanguages.map((code) => ({ code, name: languageName(code, locale) })).sort((a, b) => collator.compare(a.name, b.name)),
		defaultLanguage: (statementLanguages as readonly string[]).includes(pageLanguage) ? pageLanguage : 'de',
		started: await needFormStart(locals.db.kysely, municipality.id),
		formKey: randomUUID()
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, url, getClientAddress }) => {
		// Layout loads do not run for actions: the portal and the district are checked here again.
		const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
		if (!municipality || !(await getPortalSettings(locals.db.kysely, municipality.id)).enabled) error(404, 'Not Found');
		if (Number(request.headers.get('content-length') ?? 0) > MAX_FORM_BYTES) return fail(413, { errors: { _form: ['error.tooLarge'] }, values: {} });
		const values = formValues(await request.formData());
		const { [HONEYPOT]: _h, ...shown } = values;
		try {
			await submitPublicNeed({ db: locals.db, municipalityId: municipality.id, districtId: params.districtId, input: values, clientAddress: getClientAddress(), requestId: locals.requestId });
		} catch (e) {
			if (e instanceof NotFoundError) error(404, 'Not Found');
			if (e instanceof ValidationError) {
				// An expired or forged start token gets a fresh one from the load; a too fast form keeps its own.
				const expired = e.fieldErrors._form?.includes('error.needForm.expired');
				const { [STARTED]: started, [FORM_KEY]: key, ...rest } = shown;
				return fail(422, { errors: e.fieldErrors, values: expired ? rest : { ...rest, [STARTED]: started, [FORM_KEY]: key } });
			}
			if (e instanceof RateLimitError) return fail(429, { errors: { _form: ['error.rateLimited'] }, values: shown });
			throw e;
		}
		const lang = url.searchParams.get('lang');
		redirect(303, `/p/${municipality.slug}/districts/${params.districtId}/needs/new/sent${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`);
	}
};
