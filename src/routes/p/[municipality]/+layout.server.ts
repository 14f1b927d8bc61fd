import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { getPortalSettings } from '$lib/server/portal/portal.repository';
import { portalLocale } from '$lib/domain/portal';

/**
 * The public portal of a municipality, without login. An unknown slug or a municipality whose portal is switched
 * off is a 404. The page language is the reader's choice when the municipality offers it publicly, else German;
 * `locals.locale` is set to it so the document's lang and dir (Arabic: rtl) match.
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const settings = await getPortalSettings(locals.db.kysely, municipality.id);
	if (!settings.enabled) error(404, 'Not Found');
	const locale = portalLocale(locals.locale, settings.languages);
	locals.locale = locale;
	return {
		locale,
		portal: {
			slug: municipality.slug,
			name: municipality.name,
			languages: settings.languages,
			imprintUrl: settings.imprintUrl,
			privacyUrl: settings.privacyUrl
		}
	};
};
