import type { RequestHandler } from './$types';
import { ApiInputError, jsonResponse, problemFromError, readJson } from '$lib/server/api/handler';
import { problemResponse } from '$lib/server/api/problem';
import { ValidationError } from '$lib/server/core/errors';
import { answerFields, kioskKeyMatches, MAX_RESPONSE_BYTES } from '$lib/server/surveys/public-guard';
import { submitResponse } from '$lib/server/surveys/submit-response';
import { findSurveyByToken } from '$lib/server/surveys/surveys.repository';

/**
 * Kiosk uploads: one response per request, JSON { responseId, language, submittedAt, fields }, authorised by the
 * survey's kiosk key (header x-kiosk-key). Idempotent: 201 when stored, 200 when this response id was stored
 * before (a re-send), never a second row. Validation errors come back as catalogue keys, which the kiosk
 * shows in the survey's language.
 */
export const POST: RequestHandler = async ({ request, params, locals }) => {
	const survey = await findSurveyByToken(locals.db.kysely, params.token);
	if (!survey) return problemResponse(404, 'not-found', 'survey not found.', locals.requestId);
	if (!kioskKeyMatches(survey.kioskKey, request.headers.get('x-kiosk-key'))) return problemResponse(403, 'forbidden', 'A valid kiosk key is required.', locals.requestId);
	try {
		const body = (await readJson(request, MAX_RESPONSE_BYTES)) as Record<string, unknown> | null;
		const fields = body && typeof body.fields === 'object' && body.fields !== null && !Array.isArray(body.fields) ? answerFields(body.fields as Record<string, unknown>) : body?.fields;
		const result = await submitResponse({ db: locals.db, survey, channel: 'kiosk', requestId: locals.requestId, input: { ...body, fields } });
		return jsonResponse(result, result.duplicate ? 200 : 201);
	} catch (e) {
		if (e instanceof ValidationError) return problemResponse(422, 'validation', 'The response contains invalid answers.', locals.requestId, { errors: e.fieldErrors });
		if (e instanceof ApiInputError) return problemResponse(e.status, e.type, e.message, locals.requestId);
		return problemFromError(e, 'de', locals.requestId);
	}
};
