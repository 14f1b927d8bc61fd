import type { PageServerLoad } from './$types';
import { publicHeaders, publicSurvey } from '$lib/server/surveys/public-survey';

export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders(publicHeaders);
	const p = await publicSurvey(locals.db, params.token, [url.searchParams.get('lang'), locals.locale]);
	return { title: p.view.title, municipalityName: p.survey.municipalityName, language: p.language, lang: p.lang, dir: p.dir, token: params.token };
};
