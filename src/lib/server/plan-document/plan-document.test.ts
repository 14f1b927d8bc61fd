import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { demoContent } from '../seed/demo-content';
import { listPlans } from '../plans/plans.repository';
import { loadPlanDocument } from './load-plan-document';
import { cleanText, documentModel, paragraphs } from './document-model';
import { renderPdf } from './render-pdf';
import { inspectPdf } from './pdf-inspect';
import { checkPdfUa } from './pdf-ua-check';
import type { DocMeasure, PlanDocument } from './plan-document';
import { submitPlanVersion } from '../plans/submit-plan-version';
import { resolvePlanVersion } from '../plans/resolve-plan-version';
import { updateActionPlan } from '../plans/update-action-plan';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { setPlanContentLanguages } from '../plans/set-plan-content-languages';
import { savePlanTranslations } from '../plans/save-plan-translations';
import { fieldIds, insertDistrict } from '../plans/test-helpers';
import { documentLanguages } from '../../domain/plan-document';
import { locales } from '../../i18n/locales';
import { isContentLanguage } from '../../domain/plans/translations';

const squash = (s: string) => s.replace(/\s+/g, '');

describe.each(dbKinds())('plan document of the demo plan [%s]', (kind) => {
	let t: TestDb;
	let municipalityId: string;
	let planId: string;
	let otherMunicipalityId: string;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		const a = await createTenant(t.db);
		for (const extend of demoContent) await extend(t.db, a.municipality.id);
		municipalityId = a.municipality.id;
		tenant = a;
		planId = (await listPlans(t.db.kysely, municipalityId))[0].id;
		otherMunicipalityId = (await createTenant(t.db)).municipality.id;
	}, 120_000);
	afterAll(async () => t?.cleanup());

	it('loads every part of the plan: concept, goals with links, measures with all fields, inventory', async () => {
		const doc = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de'))!;
		expect(doc.plan.title).toContain('Lokaler Aktionsplan');
		// the demo plan may already have a resolved version (seed); the living plan is always the working state
		expect(doc.version).toMatchObject({ state: 'working', number: null, resolution: null, pending: null });
		expect(doc.concept?.integrationUnderstanding).toBeTruthy();
		expect(doc.goals).toHaveLength(4);
		expect(doc.goals.some((g) => g.conceptGoals.length > 0 && g.conceptGoals[0].conceptTitle)).toBe(true);
		expect(doc.measures.length).toBeGreaterThanOrEqual(5); // the seed may add a measure to the draft after its resolved version
		const cafe = doc.measures.find((m) => m.title.startsWith('Sprachcafé'))!;
		expect(cafe).toMatchObject({ costCents: 1_250_000, spatialScope: 'site', siteLabel: 'Grundschule am Park', starterProject: true, status: 'in-progress' });
		expect(cafe.lead?.kind).toBe('administration');
		expect(cafe.partners.length).toBe(2);
		expect(cafe.milestones.length).toBe(3);
		expect(doc.inventory?.keyFigures.length).toBeGreaterThan(0);
		expect(doc.inventory?.chart?.svg).toMatch(/^<svg/);
		expect(doc.inventory?.map?.svg).toMatch(/^<svg/);
	});

	it('does not load another municipality’s plan', async () => {
		expect(await loadPlanDocument(t.db.kysely, otherMunicipalityId, planId, 'de')).toBeUndefined();
	});

	it('renders a tagged PDF/UA document in German with outline, all measures and the index of responsibilities', async () => {
		const doc = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de'))!;
		const { pdf, standard } = await renderPdf(documentModel(doc, 'de'));
		expect(standard).toBe('ua-1');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const raw = pdf.toString('latin1');
		expect(raw).toMatch(/\/StructTreeRoot/);
		expect(raw).toMatch(/pdfuaid:part[^0-9]*1/);
		// the Matterhorn essentials (marked, Document root, /Lang, XMP pdfuaid + title, DisplayDocTitle, fonts
		// embedded, Figure alt texts, TH cells, heading levels, bookmarks, all content tagged, /Tabs /S)
		expect(checkPdfUa(pdf, { expectLang: 'de' }).problems).toEqual([]);
		const facts = await inspectPdf(pdf);
		expect(facts.lang).toMatch(/^de(-DE)?$/);
		expect(facts.marked).toBe(true);
		expect(facts.tagged).toBe(true);
		expect(facts.title).toBe(doc.plan.title);
		for (const role of ['H1', 'H2', 'H3', 'P', 'Table', 'Figure']) expect(facts.roles, role).toContain(role);
		for (const heading of ['Einleitung', 'Integrationsverständnis', 'Maßnahmenkatalog', 'Zuständigkeiten nach Ämtern und Partnern', 'Berichterstattung, Evaluation und Fortschreibung', 'Fassung und Beschluss'])
			expect(facts.outline).toContain(heading);
		const text = squash(facts.text);
		for (const m of doc.measures) {
			expect(text).toContain(squash(m.title));
			expect(facts.outline.some((o) => o.includes(m.title))).toBe(true);
		}
		expect(text).toContain(squash('12.500,00 €'));
		expect(text).toContain(squash('Grundschule am Park'));
		expect(text).toContain(squash(doc.plan.rules.reporting.notes));
		expect(text).toContain(squash('Arbeitsfassung (nicht beschlossen)'));
		expect(text).toMatch(/Seite2von\d+/);
	});

	it('prints a resolved version from its snapshot with the resolution, while the living plan names the version in force', async () => {
		const { id: versionId, number } = await submitPlanVersion({ ctx: tenant.ctx, planId, input: { note: 'Vorlage' } });
		await resolvePlanVersion({ ctx: tenant.ctx, planId, versionId, input: { body: 'Rat der Stadt', date: '2026-11-20', referenceNumber: 'DS 0815/2026' }, today: '2026-11-25' });
		const before = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de'))!;
		// the living plan changes after the resolution; the version must not
		await updateActionPlan({ ctx: tenant.ctx, planId, input: { title: 'Geänderter Titel nach dem Beschluss', introOrigin: before.plan.intro.origin, introFunction: before.plan.intro.function, introScope: before.plan.intro.scope } });

		const version = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de', { versionId }))!;
		expect(version.version).toMatchObject({ state: 'resolved', number, resolution: { body: 'Rat der Stadt', date: '2026-11-20', reference: 'DS 0815/2026' } });
		expect(version.plan.title).toBe(before.plan.title);
		const facts = await inspectPdf((await renderPdf(documentModel(version, 'de'))).pdf);
		const text = squash(facts.text);
		for (const s of ['beschlossen', 'Rat der Stadt', '20.11.2026', 'DS 0815/2026', before.plan.title]) expect(text).toContain(squash(s));
		expect(text).not.toContain(squash('Geänderter Titel'));

		const living = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de'))!;
		expect(living.plan.title).toBe('Geänderter Titel nach dem Beschluss');
		expect(living.version.inForce).toMatchObject({ number, body: 'Rat der Stadt', reference: 'DS 0815/2026' });
		expect(squash((await inspectPdf((await renderPdf(documentModel(living, 'de'))).pdf)).text)).toContain(squash(`Nr. ${number}, beschlossen von Rat der Stadt am 20.11.2026 (DS 0815/2026)`));

		// a version id of another municipality, or a malformed one, is not found
		expect(await loadPlanDocument(t.db.kysely, otherMunicipalityId, planId, 'de', { versionId })).toBeUndefined();
		expect(await loadPlanDocument(t.db.kysely, municipalityId, planId, 'de', { versionId: 'x' })).toBeUndefined();
	});

	it('renders the Arabic document right-to-left with Arabic headings, the plan text still marked German', async () => {
		const doc = (await loadPlanDocument(t.db.kysely, municipalityId, planId, 'ar'))!;
		const { pdf, standard } = await renderPdf(documentModel(doc, 'ar'));
		expect(standard).toBe('ua-1');
		expect(checkPdfUa(pdf, { expectLang: 'ar' }).problems).toEqual([]);
		const facts = await inspectPdf(pdf);
		expect(facts.lang).toBe('ar');
		expect(facts.outline).toContain('دليل الإجراءات');
		expect(facts.outline).toContain('مقدمة');
		for (const m of doc.measures) expect(squash(facts.text)).toContain(squash(m.title));
	});

	it('renders the whole demo plan (statistics, chart, map) in Russian, Ukrainian and Polish as PDF/UA, every glyph in the bundled fonts', async () => {
		for (const [lang, heading] of [['ru', 'Перечень мероприятий'], ['uk', 'Перелік заходів'], ['pl', 'Katalog działań']] as const) {
			const { pdf, standard } = await renderPdf(documentModel((await loadPlanDocument(t.db.kysely, municipalityId, planId, lang))!, lang));
			expect(standard, lang).toBe('ua-1');
			expect(checkPdfUa(pdf, { expectLang: lang }).problems, lang).toEqual([]);
			const facts = await inspectPdf(pdf);
			expect(facts.lang).toBe(lang);
			expect(facts.outline).toContain(heading);
		}
	});
});

describe.each(dbKinds())('plan document in Russian, Ukrainian and Polish [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let plan: string;
	const titles = { ru: 'Языковое кафе в начальной школе', uk: 'Мовне кафе в початковій школі', pl: 'Kawiarenka językowa w szkole podstawowej' };
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		await t.db.kysely.updateTable('municipality').set({ languages: JSON.stringify(['de', 'ru', 'uk', 'pl', 'de-x-ls']) }).where('id', '=', a.municipality.id).execute();
		const fields = await fieldIds(t.db, a.municipality.id);
		const district = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: district, title: 'Aktionsplan Nordstadt', introOrigin: 'Aus der Bestandsaufnahme entstanden.' } })).id;
		const goal = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildungsübergänge verbessern', priority: 1 } })).id;
		const measure = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Sprachcafé an der Grundschule', goalIds: [goal], startDate: '2027-01-01', costCents: 1250000 } })).id;
		await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Lernpatenschaften', goalIds: [goal] } });
		await setPlanContentLanguages({ ctx: a.ctx, planId: plan, input: { languages: ['ru', 'uk', 'pl'] } });
		for (const language of ['ru', 'uk', 'pl'] as const)
			await savePlanTranslations({ ctx: a.ctx, planId: plan, input: { language, items: [{ kind: 'measure', entityId: measure, field: 'title', text: titles[language] }] } });
	}, 60_000);
	afterAll(async () => t?.cleanup());

	it('every content language a municipality can offer has a PDF, except Leichte Sprache (German text)', () => {
		expect(locales.filter((l) => isContentLanguage(l) && !(documentLanguages as readonly string[]).includes(l))).toEqual(['de-x-ls']);
	});

	it.each([
		['ru', ['Перечень мероприятий', 'Введение', 'Ответственность по ведомствам и партнёрам'], '(только на немецком)', 'Рабочая редакция (не принята)'],
		['uk', ['Перелік заходів', 'Вступ', 'Відповідальність за відомствами та партнерами'], '(лише німецькою)', 'Робоча редакція (не ухвалена)'],
		['pl', ['Katalog działań', 'Wprowadzenie', 'Odpowiedzialność według urzędów i partnerów'], '(tylko po niemiecku)', 'Wersja robocza (nieuchwalona)']
	] as const)('renders the %s document: headings in it, the translated measure, the untranslated one marked German-only, PDF/UA', async (lang, headings, marker, state) => {
		const doc = (await loadPlanDocument(t.db.kysely, a.municipality.id, plan, lang))!;
		expect(doc.content.lang).toBe(lang);
		const { pdf, standard } = await renderPdf(documentModel(doc, lang));
		// 'ua-1': Typst found a glyph for every character (Cyrillic, Polish diacritics) in the bundled Noto fonts
		expect(standard).toBe('ua-1');
		expect(checkPdfUa(pdf, { expectLang: lang }).problems).toEqual([]);
		const facts = await inspectPdf(pdf);
		expect(facts.lang).toBe(lang);
		for (const h of headings) expect(facts.outline).toContain(h);
		expect(facts.outline.some((o) => o.includes(titles[lang]))).toBe(true);
		const text = squash(facts.text);
		expect(text).toContain(squash(titles[lang]));
		expect(text).not.toContain(squash('Sprachcafé an der Grundschule'));
		expect(text).toContain(squash(`Lernpatenschaften ${marker}`));
		expect(text).toContain(squash(state));
		expect(text).not.toContain(squash('(nur auf Deutsch)'));
		// amounts and dates in the document language's format (CLDR: Ukrainian writes the code EUR; the group
		// separators are no-break spaces, which the fonts have too)
		expect(text).toContain(squash(lang === 'uk' ? '12 500,00 EUR' : '12 500,00 €'));
		expect(text).toContain('01.01.2027');
	});
});

/** A small plan made in memory, for the properties of the template (no database needed). */
function planWith(texts: { title: string; description: string; lead: string; intro: string }): PlanDocument {
	const measure: DocMeasure = {
		id: '00000000-0000-4000-8000-000000000001',
		actionFieldId: 'f1',
		title: texts.title,
		description: texts.description,
		lead: { id: 'a1', name: texts.lead, kind: 'administration' },
		partners: [],
		goalIds: ['g1'],
		startDate: '2027-01-01',
		endDate: null,
		milestones: [{ title: texts.title, dueDate: '2027-06-30', done: false }],
		costCents: null,
		fundingSource: texts.lead,
		spatialScope: 'district',
		siteLabel: '',
		siteLat: null,
		siteLon: null,
		decidableLocally: true,
		integrated: false,
		starterProject: false,
		status: 'planned'
	};
	return {
		municipality: { name: 'Teststadt' },
		district: { id: 'd1', name: 'Nord', code: '01' },
		plan: {
			id: 'p1',
			title: 'Plan',
			intro: { origin: texts.intro, function: '', scope: '' },
			contentLanguages: [],
			rules: {
				reporting: { by: texts.lead, to: texts.lead, intervalMonths: 6, nextDate: '2027-03-31', notes: texts.description },
				evaluation: { by: '', to: '', intervalMonths: null, nextDate: null, notes: '' },
				revision: { by: '', to: '', intervalMonths: 36, nextDate: null, notes: '' }
			}
		},
		content: { lang: 'de', germanOnly: [] },
		version: { state: 'working', number: null, date: '2026-11-25T10:00:00.000Z', resolution: null, inForce: null, pending: null },
		concept: null,
		actionFields: [{ id: 'f1', name: 'Bildung', description: '' }],
		goals: [{ id: 'g1', parentGoalId: null, actionFieldId: 'f1', title: 'Ziel', description: '', priority: 1, timeHorizon: null, operationalisation: '', conceptGoals: [] }],
		measures: [measure],
		inventory: null,
		generatedAt: '2026-11-25T10:00:00.000Z'
	};
}

describe('plan document template (user text is data, never markup)', () => {
	// Typst markup and code characters, and the look-alikes of labels, references, math and raw text
	const hostile = fc.string({
		unit: fc.constantFrom(...'#[]{}()*_$\\@<>`"\'~=+-/:;.,!?%&|^ab Zäöüß€0123456789'.split(''), '\n', '\n\n', '#set page(width: 1pt)', '#panic("x")', '<lbl>', '@lbl', '$x^2$', '```', '// ', '/* '),
		minLength: 1,
		maxLength: 40
	});
	const visible = (s: string) => /[A-Za-z0-9äöüßÄÖÜ€]/.test(s);

	it('any text compiles and reaches the PDF text unchanged', async () => {
		await fc.assert(
			fc.asyncProperty(hostile.filter(visible), hostile, hostile.filter(visible), async (title, description, lead) => {
				const { pdf, standard } = await renderPdf(documentModel(planWith({ title, description, lead, intro: description }), 'de'));
				expect(standard).toBe('ua-1');
				const facts = await inspectPdf(pdf);
				const text = squash(facts.text);
				expect(text).toContain(squash(title));
				expect(text).toContain(squash(lead));
				for (const p of paragraphs(description)) expect(text).toContain(squash(p));
				expect(facts.outline.some((o) => squash(o).includes(squash(title)))).toBe(true);
			}),
			{ numRuns: 40 }
		);
	}, 120_000);

	it('a text that looks like Typst code is printed, not run', async () => {
		const title = '#set page(width: 1pt) #panic("boom") *fett* _kursiv_ $x$ <a> @a \\ [x]';
		const facts = await inspectPdf((await renderPdf(documentModel(planWith({ title, description: '= Keine Überschrift', lead: 'Amt', intro: '#outline()' }), 'de'))).pdf);
		expect(squash(facts.text)).toContain(squash(title));
		expect(facts.outline).not.toContain('Keine Überschrift');
		expect(squash(facts.text)).toContain('#outline()');
	});

	it('text no bundled font can show (emoji, Chinese) still gives a tagged PDF, without the PDF/UA claim; control characters are dropped', async () => {
		const title = 'Sprachcafé 🙂 中文角 \u0007Ende\u0000';
		const { pdf, standard } = await renderPdf(documentModel(planWith({ title, description: 'Text \ud800 weiter', lead: 'Amt', intro: 'Einleitung' }), 'de'));
		expect(standard).toBe('tagged');
		const facts = await inspectPdf(pdf);
		expect(facts.marked && facts.tagged).toBe(true);
		expect(facts.lang).toMatch(/^de/);
		expect(squash(facts.text)).toContain('Sprachcafé');
		expect(squash(facts.text)).toContain('Ende');
		expect(cleanText('a\u0007b\u0000c\u009f\n\td')).toBe('abc\n\td');
		expect(cleanText('x\ud800y\ud83d\ude42')).toBe('x\ufffdy\ud83d\ude42');
	});

	it('the same plan gives the same bytes (cache key is the content); concurrent requests are all answered', async () => {
		const doc = planWith({ title: 'A', description: 'B', lead: 'C', intro: 'D' });
		const [a, b, c] = await Promise.all([
			renderPdf(documentModel(doc, 'de')),
			renderPdf(documentModel(structuredClone(doc), 'de')),
			renderPdf(documentModel({ ...doc, plan: { ...doc.plan, title: 'Anderer Plan' } }, 'de'))
		]);
		expect(a.pdf.equals(b.pdf)).toBe(true);
		expect(a.pdf.equals(c.pdf)).toBe(false);
		expect((await inspectPdf(c.pdf)).title).toBe('Anderer Plan');
	});
});
