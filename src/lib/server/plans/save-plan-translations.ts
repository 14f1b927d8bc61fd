import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError, type FieldErrors } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { flag, parseInput } from '../core/validate';
import { isTranslatableField, itemKey, translationCap, translationKinds } from '../../domain/plans/translations';
import { locales } from '../../i18n/locales';
import { buildPlanSnapshot } from './plan-versions.repository';
import { integrationUnderstandingOf, translationSources } from './plan-translations.repository';
import { findPlan } from './plans.repository';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

/** The longest text accepted before the per-field caps are checked (domain/plans/translations.ts). */
const MAX_TEXT = 30_000;

export const savePlanTranslationsInput = z.object({
	language: z.enum(locales, { error: 'error.invalidChoice' }),
	items: z
		.array(
			z.object({
				kind: z.enum(translationKinds, { error: 'error.invalidChoice' }),
				entityId: z.uuid(),
				field: z.string().max(60),
				/** empty: the translation is removed */
				text: z.string().max(MAX_TEXT).default(''),
				/** the translation (unchanged) still fits the German text as it is now: mark it current */
				confirm: flag.default(false)
			})
		)
		.max(5000)
});

/** The form field (and error path) of one item: `tr:<kind>:<entityId>:<field>`. */
export const translationFieldName = (key: string): string => `tr:${key}`;

/**
 * Saves translations of a plan's texts into one of its content languages, in one transaction with one audit
 * entry. Only the plan's own texts (its introduction parts and concept text, its goals and measures, the
 * fields of action it uses); another plan's or municipality's ids are field errors and nothing is written.
 * Each translation keeps a hash of the German text it was made from: a changed translation, or a confirmed
 * one, is stored with the hash of the German text as it is now. An empty text removes the translation.
 */
export async function savePlanTranslations(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<{ saved: number; removed: number }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(savePlanTranslationsInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const row = await requirePlan(trx, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, row.district_id));
		const plan = (await findPlan(trx, municipalityId, row.id))!;
		if (!plan.contentLanguages.includes(input.language)) throw new ValidationError({ language: ['error.languageNotEnabled'] });
		const snapshot = (await buildPlanSnapshot(trx, municipalityId, plan.id))!;
		const sources = new Map(translationSources(snapshot, await integrationUnderstandingOf(trx, municipalityId, plan.districtId)).map((s) => [s.key, s]));

		const errors: FieldErrors = {};
		const items = input.items.map((it) => ({ ...it, key: itemKey(it.kind, it.entityId, it.field), text: it.text.replace(/\r\n?/g, '\n').trim() }));
		const seen = new Set<string>();
		for (const it of items) {
			const name = translationFieldName(it.key);
			if (!isTranslatableField(it.kind, it.field)) errors[name] = ['error.invalidChoice'];
			else if (!sources.has(it.key)) errors[name] = ['error.unknownReference'];
			else if (it.text.length > translationCap(it.kind, it.field)) errors[name] = ['error.tooLong'];
			else if (seen.has(it.key)) errors[name] = ['error.invalid'];
			seen.add(it.key);
		}
		if (Object.keys(errors).length) throw new ValidationError(errors);

		const existing = new Map(
			(
				await trx
					.selectFrom('plan_translation')
					.select(['id', 'entity_kind', 'entity_id', 'field', 'text', 'source_hash'])
					.where('municipality_id', '=', municipalityId)
					.where('action_plan_id', '=', plan.id)
					.where('language', '=', input.language)
					.execute()
			).map((r) => [itemKey(r.entity_kind, r.entity_id, r.field), r])
		);
		const now = nowIso();
		const by = ctx.principal.via === 'system' ? null : ctx.principal.userId;
		let saved = 0;
		let removed = 0;
		for (const it of items) {
			const hash = sources.get(it.key)!.sourceHash;
			const old = existing.get(it.key);
			if (!it.text) {
				if (old) {
					await trx.deleteFrom('plan_translation').where('municipality_id', '=', municipalityId).where('id', '=', old.id).execute();
					removed++;
				}
			} else if (!old) {
				await trx
					.insertInto('plan_translation')
					.values({
						id: newId(),
						municipality_id: municipalityId,
						action_plan_id: plan.id,
						entity_kind: it.kind,
						entity_id: it.entityId,
						field: it.field,
						language: input.language,
						text: it.text,
						source_hash: hash,
						updated_at: now,
						updated_by: by
					})
					.execute();
				saved++;
			} else if (old.text !== it.text || (it.confirm && old.source_hash !== hash)) {
				await trx
					.updateTable('plan_translation')
					.set({ text: it.text, source_hash: hash, updated_at: now, updated_by: by })
					.where('municipality_id', '=', municipalityId)
					.where('id', '=', old.id)
					.execute();
				saved++;
			}
		}
		return {
			result: { saved, removed },
			audit: { action: 'update', entity: 'plan_translation', entityId: plan.id, after: { language: input.language, saved, removed } }
		};
	});
}
