import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isContentLanguage, parseContentLanguages } from '../../domain/plans/translations';
import { locales } from '../../i18n/locales';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

/** Checkboxes of a form (one value, several, or none) or a JSON array. */
export const setPlanContentLanguagesInput = z.object({
	languages: z.preprocess(
		(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.enum(locales, { error: 'error.invalidChoice' })).max(locales.length)
	)
});

/**
 * Chooses the content languages of a plan: the languages its texts are translated into. Only languages the
 * municipality has set up, never German (the source). Deselecting a language keeps its translations.
 */
export async function setPlanContentLanguages(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<string[]> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(setPlanContentLanguagesInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const m = await trx.selectFrom('municipality').select('languages').where('id', '=', municipalityId).executeTakeFirstOrThrow();
		const offered = new Set(parseContentLanguages(m.languages));
		const chosen: string[] = [...new Set(input.languages)];
		if (chosen.some((l) => !isContentLanguage(l) || !offered.has(l))) throw new ValidationError({ languages: ['error.invalidChoice'] });
		// in the municipality's order, so the choice reads the same everywhere
		const languages = [...offered].filter((l) => chosen.includes(l));
		const before = await trx.selectFrom('action_plan').select('content_languages').where('municipality_id', '=', municipalityId).where('id', '=', plan.id).executeTakeFirstOrThrow();
		await trx
			.updateTable('action_plan')
			.set({ content_languages: JSON.stringify(languages), updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.execute();
		return {
			result: languages,
			audit: { action: 'update', entity: 'action_plan', entityId: plan.id, before: { contentLanguages: parseContentLanguages(before.content_languages) }, after: { contentLanguages: languages } }
		};
	});
}
