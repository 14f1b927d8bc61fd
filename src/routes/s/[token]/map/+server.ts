import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { isLocale } from '$lib/i18n/locales';
import { frameContains } from '$lib/domain/surveys/place-map';
import { loadPlaceMap, placeMapSvg } from '$lib/server/surveys/place-map';
import { findSurveyByToken } from '$lib/server/surveys/surveys.repository';

/**
 * The picture of a survey's place map (SVG), for the clickable map of the public form and the kiosk; with
 * ?lat=…&lon=… it carries the chosen place as a marker (a point off the map is not drawn). 404 for an unknown
 * token or a survey without a map.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const survey = await findSurveyByToken(locals.db.kysely, params.token);
	if (!survey) error(404, 'Not Found');
	const map = await loadPlaceMap(locals.db.kysely, survey.municipalityId, survey.districtId);
	if (!map) error(404, 'Not Found');
	const lang = url.searchParams.get('lang');
	const locale = isLocale(lang) ? lang : isLocale(survey.sourceLanguage) ? survey.sourceLanguage : 'de';
	const coord = (v: string | null) => (v !== null && /^-?\d{1,3}(\.\d{1,10})?$/.test(v) ? Number(v) : null);
	const lat = coord(url.searchParams.get('lat'));
	const lon = coord(url.searchParams.get('lon'));
	const marker = lat !== null && lon !== null && frameContains(map.frame, { lat, lon }) ? { lat, lon } : null;
	const area = map.areas.length === 1 ? map.areas[0].name : survey.municipalityName;
	const svg = placeMapSvg(map, { title: translate(locale, 'survey.public.mapTitle', { area }), marker });
	return new Response(svg, {
		headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, max-age=300', 'x-robots-tag': 'noindex', 'x-content-type-options': 'nosniff' }
	});
};
