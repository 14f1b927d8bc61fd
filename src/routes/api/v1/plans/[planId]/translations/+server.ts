import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson, type ApiContext } from '$lib/server/api/handler';
import { NotFoundError, ValidationError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { planTranslationProgress, planTranslationRows } from '$lib/server/plans/plan-translation-view';
import { savePlanTranslations } from '$lib/server/plans/save-plan-translations';
import type { TranslationRow } from '$lib/server/plans/plan-translations.repository';

const item = (r: TranslationRow) => ({ kind: r.kind, entityId: r.entityId, field: r.field, group: r.group || null, source: r.source, text: r.text, state: r.state, updatedAt: r.updatedAt, updatedByName: r.updatedByName });

async function languageView(ctx: ApiContext, planId: string, language: string) {
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, planId);
	if (!plan) throw new NotFoundError('action plan');
	if (!plan.contentLanguages.includes(language)) throw new ValidationError({ language: ['error.languageNotEnabled'] });
	const { rows, progress } = await planTranslationRows(ctx.db.kysely, ctx.municipalityId, plan, language);
	return { language, ...progress, items: rows.map(item) };
}

/**
 * Without ?language: the plan's content languages with their counts. With ?language=<a content language>: every
 * German text of the plan beside its translation and whether that is missing, current or outdated.
 */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const language = event.url.searchParams.get('language');
		if (language !== null) return jsonResponse(await languageView(ctx, event.params.planId, language));
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ contentLanguages: plan.contentLanguages, languages: await planTranslationProgress(ctx.db.kysely, ctx.municipalityId, plan) });
	});

/** Saves the listed translations of one language (an empty text removes one); the others stay as they are. */
export const PUT: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		const input = await readJson(event.request);
		const counts = await savePlanTranslations({ ctx, planId: plan.id, input });
		const language = String((input as { language?: unknown }).language);
		return jsonResponse({ ...counts, ...(await languageView(ctx, plan.id, language)) });
	});
