import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createActionPlan } from './create-action-plan';
import { createGoal } from './create-goal';
import { createMeasure } from './create-measure';
import { updateGoal } from './update-goal';
import { deleteMeasure } from './delete-measure';
import { updateActionPlan } from './update-action-plan';
import { submitPlanVersion } from './submit-plan-version';
import { resolvePlanVersion } from './resolve-plan-version';
import { comparePlanVersions } from './compare-plan-versions';
import { buildPlanSnapshot, findPlanVersion } from './plan-versions.repository';
import { findPlan } from './plans.repository';
import { setPlanContentLanguages } from './set-plan-content-languages';
import { savePlanTranslations, translationFieldName } from './save-plan-translations';
import { listPlanTranslations, sourceHash, translationProgress, translationRows, translationSources } from './plan-translations.repository';
import { auditCount, fieldIds, insertDistrict } from './test-helpers';
import { planTranslationProgress, planTranslationRows } from './plan-translation-view';
import { snapshotIntro, type PlanSnapshot } from '../../domain/plans/snapshot';
import { itemKey } from '../../domain/plans/translations';
import { loadPlanDocument } from '../plan-document/load-plan-document';
import { documentModel } from '../plan-document/document-model';
import { renderPdf } from '../plan-document/render-pdf';
import { inspectPdf } from '../plan-document/pdf-inspect';
import { loadPublicDistrict } from '../portal/public-plan';

const squash = (s: string) => s.replace(/\s+/g, '');

describe.each(dbKinds())('plan content: introduction parts and translations [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let plan: string;
	let otherPlan: string;
	let foreignPlan: string;
	let goal: string;
	let otherGoal: string;
	let foreignGoal: string;
	let measure: string;
	let untranslated: string;
	let fields: Record<string, string>;
	let nord: string;
	const intro = { introOrigin: 'Aus der Bestandsaufnahme 2025 entstanden.', introFunction: 'Bündelt die Maßnahmen.', introScope: 'Nordstadt, 2026 bis 2029.' };
	const trCounts = async () => [await countRows(t.db, 'plan_translation'), await countRows(t.db, 'audit_entry')];

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		await t.db.kysely.updateTable('municipality').set({ languages: JSON.stringify(['de', 'en', 'ar', 'tr']) }).where('id', '=', a.municipality.id).execute();
		fields = await fieldIds(t.db, a.municipality.id);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Aktionsplan Nordstadt', ...intro } })).id;
		otherPlan = (await createActionPlan({ ctx: a.ctx, input: { districtId: await insertDistrict(t.db, a.municipality.id, 'Südstadt'), title: 'Aktionsplan Südstadt' } })).id;
		foreignPlan = (await createActionPlan({ ctx: b.ctx, input: { districtId: await insertDistrict(t.db, b.municipality.id), title: 'Fremd' } })).id;
		const bFields = await fieldIds(t.db, b.municipality.id);
		goal = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildungsübergänge verbessern', description: 'Von der Kita in die Schule.', priority: 1 } })).id;
		otherGoal = (await createGoal({ ctx: a.ctx, input: { planId: otherPlan, actionFieldId: fields.education, title: 'Anderes Ziel', priority: 2 } })).id;
		foreignGoal = (await createGoal({ ctx: b.ctx, input: { planId: foreignPlan, actionFieldId: bFields.education, title: 'Fremdes Ziel', priority: 2 } })).id;
		measure = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Sprachcafé an der Grundschule', goalIds: [goal] } })).id;
		untranslated = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Lernpatenschaften', goalIds: [goal] } })).id;
	}, 60_000);
	afterAll(async () => t?.cleanup());

	it('stores the introduction in three parts with one audit entry; refuses overlong parts and writes nothing', async () => {
		expect((await findPlan(t.db.kysely, a.municipality.id, plan))?.intro).toEqual({ origin: intro.introOrigin, function: intro.introFunction, scope: intro.introScope });
		const audits = await auditCount(t.db, plan);
		await updateActionPlan({ ctx: a.ctx, planId: plan, input: { title: 'Aktionsplan Nordstadt', ...intro, introScope: 'Nordstadt und Randlagen, 2026 bis 2029.' } });
		expect((await findPlan(t.db.kysely, a.municipality.id, plan))?.intro.scope).toBe('Nordstadt und Randlagen, 2026 bis 2029.');
		expect(await auditCount(t.db, plan)).toBe(audits + 1);
		for (const field of ['introOrigin', 'introFunction', 'introScope']) {
			await expect(updateActionPlan({ ctx: a.ctx, planId: plan, input: { title: 'X', ...intro, [field]: 'x'.repeat(10_001) } })).rejects.toMatchObject({ fieldErrors: { [field]: ['error.tooLong'] } });
		}
		expect(await auditCount(t.db, plan)).toBe(audits + 1);
		expect((await findPlan(t.db.kysely, a.municipality.id, plan))?.title).toBe('Aktionsplan Nordstadt');
		// a client still sending the single introduction text has it taken as the origin
		await updateActionPlan({ ctx: a.ctx, planId: otherPlan, input: { title: 'Aktionsplan Südstadt', introduction: 'Alte Einleitung' } });
		expect((await findPlan(t.db.kysely, a.municipality.id, otherPlan))?.intro).toEqual({ origin: 'Alte Einleitung', function: '', scope: '' });
	});

	it('reads an older snapshot’s single introduction as the origin', () => {
		const old = { plan: { introduction: 'Früher' } } as unknown as PlanSnapshot;
		expect(snapshotIntro(old)).toEqual({ origin: 'Früher', function: '', scope: '' });
	});

	it('chooses content languages among the municipality’s languages only, never German; permissions and other municipalities', async () => {
		const before = await auditCount(t.db, plan);
		await expect(setPlanContentLanguages({ ctx: a.ctx, planId: plan, input: { languages: ['de'] } })).rejects.toMatchObject({ fieldErrors: { languages: ['error.invalidChoice'] } });
		await expect(setPlanContentLanguages({ ctx: a.ctx, planId: plan, input: { languages: ['en', 'pl'] } })).rejects.toMatchObject({ fieldErrors: { languages: ['error.invalidChoice'] } });
		await expect(setPlanContentLanguages({ ctx: a.ctx, planId: plan, input: { languages: ['xx'] } })).rejects.toBeInstanceOf(ValidationError);
		await expect(setPlanContentLanguages({ ctx: b.ctx, planId: plan, input: { languages: ['en'] } })).rejects.toBeInstanceOf(NotFoundError);
		const dept = asGrants(a.ctx, [{ role: 'department', actorId: null, districtIds: null }]);
		await expect(setPlanContentLanguages({ ctx: dept, planId: plan, input: { languages: ['en'] } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await auditCount(t.db, plan)).toBe(before);
		expect(await setPlanContentLanguages({ ctx: a.ctx, planId: plan, input: { languages: ['ar', 'en'] } })).toEqual(['en', 'ar']);
		expect((await findPlan(t.db.kysely, a.municipality.id, plan))?.contentLanguages).toEqual(['en', 'ar']);
		expect(await auditCount(t.db, plan)).toBe(before + 1);
	});

	it('saves translations with one audit entry, tells outdated ones after a German edit, and refreshes them when confirmed', async () => {
		const audits = await countRows(t.db, 'audit_entry');
		const r = await savePlanTranslations({
			ctx: a.ctx,
			planId: plan,
			input: {
				language: 'en',
				items: [
					{ kind: 'goal', entityId: goal, field: 'title', text: '  Improve transitions in education ' },
					{ kind: 'goal', entityId: goal, field: 'description', text: 'From day care to school.' },
					{ kind: 'measure', entityId: measure, field: 'title', text: 'Language café at the primary school' },
					{ kind: 'plan', entityId: plan, field: 'introOrigin', text: 'Developed from the 2025 inventory.' },
					{ kind: 'actionField', entityId: fields.education, field: 'name', text: 'Education' },
					{ kind: 'measure', entityId: untranslated, field: 'title', text: '' }
				]
			}
		});
		expect(r).toEqual({ saved: 5, removed: 0 });
		expect(await countRows(t.db, 'audit_entry')).toBe(audits + 1);
		const stored = await listPlanTranslations(t.db.kysely, a.municipality.id, plan, 'en');
		expect(stored.find((x) => x.kind === 'goal' && x.field === 'title')?.text).toBe('Improve transitions in education');

		const sources = async () => translationSources((await buildPlanSnapshot(t.db.kysely, a.municipality.id, plan))!, null);
		let rows = translationRows(await sources(), stored);
		const goalTitle = () => rows.find((x) => x.key === itemKey('goal', goal, 'title'))!;
		expect(goalTitle().state).toBe('current');
		expect(rows.find((x) => x.key === itemKey('measure', untranslated, 'title'))?.state).toBe('missing');

		// the German title changes: the translation is outdated
		await updateGoal({ ctx: a.ctx, goalId: goal, input: { title: 'Bildungsübergänge gemeinsam verbessern' }, partial: true });
		rows = translationRows(await sources(), await listPlanTranslations(t.db.kysely, a.municipality.id, plan, 'en'));
		expect(goalTitle().state).toBe('outdated');
		expect(translationProgress(rows)).toMatchObject({ outdated: 1 });

		// saved unchanged without confirming: still outdated, nothing written but the audit entry
		await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'en', items: [{ kind: 'goal', entityId: goal, field: 'title', text: 'Improve transitions in education' }] } });
		rows = translationRows(await sources(), await listPlanTranslations(t.db.kysely, a.municipality.id, plan, 'en'));
		expect(goalTitle().state).toBe('outdated');
		// confirmed: current again
		await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'en', items: [{ kind: 'goal', entityId: goal, field: 'title', text: 'Improve transitions in education', confirm: 'on' }] } });
		rows = translationRows(await sources(), await listPlanTranslations(t.db.kysely, a.municipality.id, plan, 'en'));
		expect(goalTitle().state).toBe('current');
		expect(goalTitle().sourceHash).toBe(sourceHash('Bildungsübergänge gemeinsam verbessern'));

		// Arabic too; an empty text removes a translation
		await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'ar', items: [{ kind: 'goal', entityId: goal, field: 'title', text: 'تحسين الانتقالات التعليمية' }] } });
		expect(await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'en', items: [{ kind: 'goal', entityId: goal, field: 'description', text: '' }] } })).toEqual({ saved: 0, removed: 1 });
	});

	it('the read model (page and API): rows and counts per content language of the living plan; another municipality’s plan is not found', async () => {
		const p = (await findPlan(t.db.kysely, a.municipality.id, plan))!;
		const en = await planTranslationRows(t.db.kysely, a.municipality.id, p, 'en');
		const goalTitle = en.rows.find((r) => r.key === itemKey('goal', goal, 'title'))!;
		expect(goalTitle).toMatchObject({ source: 'Bildungsübergänge gemeinsam verbessern', text: 'Improve transitions in education', state: 'current', group: fields.education });
		expect(en.rows.find((r) => r.key === itemKey('goal', goal, 'description'))).toMatchObject({ text: '', state: 'missing' });
		expect(en.rows.find((r) => r.key === itemKey('plan', plan, 'introOrigin'))).toMatchObject({ text: 'Developed from the 2025 inventory.', group: '' });
		expect(en.progress).toEqual(translationProgress(en.rows));
		expect(en.progress.current).toBe(4);
		const all = await planTranslationProgress(t.db.kysely, a.municipality.id, p);
		expect(all.map((x) => x.language)).toEqual(['en', 'ar']);
		expect(all[0]).toEqual({ language: 'en', ...en.progress });
		expect(all[1]).toMatchObject({ language: 'ar', current: 1, outdated: 0, missing: en.progress.total - 1 });
		await expect(planTranslationRows(t.db.kysely, b.municipality.id, p, 'en')).rejects.toBeInstanceOf(NotFoundError);
		await expect(planTranslationProgress(t.db.kysely, b.municipality.id, p)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('refuses other plans’ and municipalities’ ids, languages that are not enabled, unknown fields and overlong texts: nothing written', async () => {
		const before = await trCounts();
		const save = (language: string, items: unknown[], ctx = a.ctx, planId = plan) => savePlanTranslations({ ctx, planId, input: { language, items } });
		const ok = { kind: 'goal', entityId: goal, field: 'title', text: 'Changed' };
		await expect(save('en', [ok, { kind: 'goal', entityId: otherGoal, field: 'title', text: 'Other plan' }])).rejects.toMatchObject({
			fieldErrors: { [translationFieldName(itemKey('goal', otherGoal, 'title'))]: ['error.unknownReference'] }
		});
		await expect(save('en', [ok, { kind: 'goal', entityId: foreignGoal, field: 'title', text: 'Foreign' }])).rejects.toMatchObject({
			fieldErrors: { [translationFieldName(itemKey('goal', foreignGoal, 'title'))]: ['error.unknownReference'] }
		});
		await expect(save('en', [ok, { kind: 'plan', entityId: otherPlan, field: 'introOrigin', text: 'x' }])).rejects.toBeInstanceOf(ValidationError);
		await expect(save('en', [ok, { kind: 'goal', entityId: goal, field: 'operationalisation', text: 'x' }])).rejects.toMatchObject({
			fieldErrors: { [translationFieldName(itemKey('goal', goal, 'operationalisation'))]: ['error.invalidChoice'] }
		});
		await expect(save('en', [{ ...ok, text: 'x'.repeat(401) }])).rejects.toMatchObject({ fieldErrors: { [translationFieldName(itemKey('goal', goal, 'title'))]: ['error.tooLong'] } });
		await expect(save('tr', [ok])).rejects.toMatchObject({ fieldErrors: { language: ['error.languageNotEnabled'] } });
		await expect(save('de', [ok])).rejects.toMatchObject({ fieldErrors: { language: ['error.languageNotEnabled'] } });
		await expect(save('xx', [ok])).rejects.toMatchObject({ fieldErrors: { language: ['error.invalidChoice'] } });
		await expect(save('en', [{ ...ok, entityId: 'not-an-id' }])).rejects.toBeInstanceOf(ValidationError);
		await expect(save('en', [ok], b.ctx)).rejects.toBeInstanceOf(NotFoundError);
		await expect(save('en', [ok], a.ctx, foreignPlan)).rejects.toBeInstanceOf(NotFoundError);
		await expect(save('en', [ok], asGrants(a.ctx, [{ role: 'partner', actorId: null, districtIds: null }]))).rejects.toBeInstanceOf(ForbiddenError);
		expect(await trCounts()).toEqual(before);
		expect((await listPlanTranslations(t.db.kysely, a.municipality.id, plan, 'en')).find((x) => x.kind === 'goal' && x.field === 'title')?.text).toBe('Improve transitions in education');
	});

	it('freezes translations and the introduction parts in a version; compare shows the changed part', async () => {
		const { id: versionId } = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: '' } });
		await resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId, input: { body: 'Rat der Stadt', date: '2026-03-12', referenceNumber: 'DS 1/2026' }, today: '2026-03-20' });
		const v = (await findPlanVersion(t.db.kysely, a.municipality.id, versionId))!;
		expect(v.snapshot.plan.intro?.scope).toBe('Nordstadt und Randlagen, 2026 bis 2029.');
		expect(v.snapshot.contentLanguages).toEqual(['en', 'ar']);
		const frozenTitle = v.snapshot.translations?.find((x) => x.language === 'en' && x.kind === 'goal' && x.entityId === goal && x.field === 'title');
		expect(frozenTitle?.text).toBe('Improve transitions in education');

		// the living plan and its translations change; the version does not
		await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'en', items: [{ kind: 'goal', entityId: goal, field: 'title', text: 'Better transitions in education' }] } });
		await updateActionPlan({ ctx: a.ctx, planId: plan, input: { title: 'Aktionsplan Nordstadt', ...intro, introScope: 'Ganze Stadt.' } });
		const again = (await findPlanVersion(t.db.kysely, a.municipality.id, versionId))!;
		expect(again.snapshot).toEqual(v.snapshot);
		await expect(sql`UPDATE plan_version SET snapshot = ${JSON.stringify({ ...v.snapshot, translations: [] })} WHERE id = ${versionId}`.execute(t.db.kysely)).rejects.toThrow(/frozen/);

		const cmp = await comparePlanVersions(t.db.kysely, a.municipality.id, plan, { from: versionId, to: 'draft' });
		expect(cmp.diff.plan).toEqual([{ field: 'introScope', kind: 'longText', before: 'Nordstadt und Randlagen, 2026 bis 2029.', after: 'Ganze Stadt.' }]);

		// the public portal shows the resolved version's translations in the page language, German otherwise
		const en = (await loadPublicDistrict(t.db.kysely, a.municipality.id, nord, (d) => d, 'en'))!.plan!;
		const cafe = en.groups.flatMap((g) => g.measures).find((m) => m.id === measure)!;
		expect(cafe.title).toBe('Language café at the primary school');
		expect(en.contentLang).toBe('en');
		expect(en.translated).toContain(itemKey('measure', measure, 'title'));
		expect(en.translated).not.toContain(itemKey('measure', untranslated, 'title'));
		expect(en.goals.find((g) => g.id === goal)?.title).toBe('Improve transitions in education');
		const turkish = (await loadPublicDistrict(t.db.kysely, a.municipality.id, nord, (d) => d, 'tr'))!.plan!;
		expect(turkish.groups.flatMap((g) => g.measures).find((m) => m.id === measure)?.title).toBe('Sprachcafé an der Grundschule');
		expect([turkish.contentLang, turkish.translated]).toEqual(['de', []]);

		// the version's English document uses the frozen translation
		const doc = (await loadPlanDocument(t.db.kysely, a.municipality.id, plan, 'en', { versionId }))!;
		expect(doc.goals.find((g) => g.id === goal)?.title).toBe('Improve transitions in education');
	});

	it('the English PDF has the English texts where translated and marks the German rest; a language without content stays German', async () => {
		const doc = (await loadPlanDocument(t.db.kysely, a.municipality.id, plan, 'en'))!;
		expect(doc.content.lang).toBe('en');
		expect(doc.measures.find((m) => m.id === measure)?.title).toBe('Language café at the primary school');
		expect(doc.measures.find((m) => m.id === untranslated)?.title).toBe('Lernpatenschaften');
		expect(doc.content.germanOnly).toContain(itemKey('measure', untranslated, 'title'));
		expect(doc.content.germanOnly).toContain(itemKey('plan', plan, 'introScope')); // changed after the translation… never translated
		const model = documentModel(doc, 'en');
		expect(model.contentLang).toBe('en');
		const facts = await inspectPdf((await renderPdf(model)).pdf);
		const text = squash(facts.text);
		expect(text).toContain(squash('Language café at the primary school'));
		expect(text).toContain(squash('Better transitions in education'));
		expect(text).toContain(squash('Developed from the 2025 inventory.'));
		expect(text).toContain(squash('Lernpatenschaften'));
		expect(text).toContain(squash('(only in German)'));
		for (const h of ['Origin', 'Function of the action plan', 'Scope']) expect(facts.outline).toContain(h);

		const tr = (await loadPlanDocument(t.db.kysely, a.municipality.id, plan, 'tr'))!;
		expect(tr.content).toEqual({ lang: 'de', germanOnly: [] });
		expect(tr.measures.find((m) => m.id === measure)?.title).toBe('Sprachcafé an der Grundschule');
	}, 60_000);

	it('deleting a measure deletes its translations', async () => {
		const gone = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Kurzlebig', goalIds: [goal] } })).id;
		await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language: 'en', items: [{ kind: 'measure', entityId: gone, field: 'title', text: 'Short-lived' }] } });
		const before = await countRows(t.db, 'plan_translation');
		await deleteMeasure({ ctx: a.ctx, measureId: gone });
		expect(await countRows(t.db, 'plan_translation')).toBe(before - 1);
	});

	it('the Arabic document is right to left, its translated goal included', async () => {
		const doc = (await loadPlanDocument(t.db.kysely, a.municipality.id, plan, 'ar'))!;
		const model = documentModel(doc, 'ar');
		expect([model.dir, model.contentLang, model.contentDir]).toEqual(['rtl', 'ar', 'rtl']);
		expect(JSON.stringify(model.fields)).toContain('تحسين الانتقالات التعليمية');
		const { standard } = await renderPdf(model);
		expect(standard).toBe('ua-1');
	}, 60_000);
});
