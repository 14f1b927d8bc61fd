import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { planTranslationRows, type TranslationProgress } from '$lib/server/plans/plan-translation-view';
import type { TranslationRow } from '$lib/server/plans/plan-translations.repository';
import { setPlanContentLanguages } from '$lib/server/plans/set-plan-content-languages';
import { savePlanTranslations } from '$lib/server/plans/save-plan-translations';
import { findMunicipalityById } from '$lib/server/municipalities/municipalities.repository';
import { isContentLanguage, translationKinds, type TranslationKind } from '$lib/domain/plans/translations';

/**
 * Translations of the plan's texts, side by side: the German source left, the translation right, per item, with
 * whether it is missing, current or outdated. The content languages are chosen here too. Plan owners only.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const db = ctx.db.kysely;
	const plan = await findPlan(db, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	const municipality = await findMunicipalityById(db, ctx.municipalityId);
	const offered = (municipality?.languages ?? []).filter(isContentLanguage);
	const requested = url.searchParams.get('language');
	const language = requested && plan.contentLanguages.includes(requested) ? requested : (plan.contentLanguages[0] ?? null);
	let groups: { id: string; name: string; rows: TranslationRow[] }[] = [];
	let progress: TranslationProgress | null = null;
	if (language) {
		const view = await planTranslationRows(db, ctx.municipalityId, plan, language);
		const rows = view.rows;
		progress = view.progress;
		const fieldName = new Map(view.snapshot.actionFields.map((f) => [f.id, f.name]));
		const order: string[] = [];
		const byGroup = new Map<string, typeof rows>();
		for (const r of rows) {
			if (!byGroup.has(r.group)) {
				byGroup.set(r.group, []);
				order.push(r.group);
			}
			byGroup.get(r.group)!.push(r);
		}
		groups = order.map((g) => ({ id: g || 'plan', name: g ? (fieldName.get(g) ?? '') : '', rows: byGroup.get(g)! }));
	}
	return {
		plan,
		offered,
		language,
		groups,
		progress,
		saved: url.searchParams.get('saved')
	};
};

/** Form fields `tr:<kind>:<entityId>:<field>` (the translation) and `ok:<…>` (confirmed as still fitting) as command items. */
function itemsFrom(values: Record<string, string | string[]>) {
	const items: { kind: string; entityId: string; field: string; text: string; confirm: boolean }[] = [];
	for (const [name, v] of Object.entries(values)) {
		if (!name.startsWith('tr:')) continue;
		const [kind, entityId, field, ...rest] = name.slice(3).split(':');
		if (rest.length || !(translationKinds as readonly string[]).includes(kind)) continue;
		items.push({ kind: kind as TranslationKind, entityId, field, text: Array.isArray(v) ? v.join('\n') : v, confirm: values[`ok:${name.slice(3)}`] === 'on' });
	}
	return items;
}

export const actions: Actions = {
	languages: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), ['languages']);
		try {
			await setPlanContentLanguages({ ctx, planId: params.planId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/translations?saved=languages`);
	},
	save: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		const language = typeof values.language === 'string' ? values.language : '';
		try {
			await savePlanTranslations({ ctx, planId: params.planId, input: { language, items: itemsFrom(values) } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/translations?language=${encodeURIComponent(language)}&saved=texts`);
	}
};
