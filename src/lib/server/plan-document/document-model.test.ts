import { describe, expect, it } from 'vitest';
import { documentModel, paragraphs } from './document-model';
import type { DocMeasure, PlanDocument } from './plan-document';

const emptyRule = { by: '', to: '', intervalMonths: null, nextDate: null, notes: '' };
const youth = { id: 'a1', name: 'Jugendamt', kind: 'administration' };
const club = { id: 'a2', name: 'Verein Brücke', kind: 'migrant-organisation' };

function measure(id: string, title: string, over: Partial<DocMeasure> = {}): DocMeasure {
	return {
		id,
		actionFieldId: 'f1',
		title,
		description: '',
		lead: null,
		partners: [],
		goalIds: [],
		startDate: null,
		endDate: null,
		milestones: [],
		costCents: null,
		fundingSource: '',
		spatialScope: 'district',
		siteLabel: '',
		siteLat: null,
		siteLon: null,
		decidableLocally: false,
		integrated: false,
		starterProject: false,
		status: 'planned',
		...over
	};
}

const doc: PlanDocument = {
	municipality: { name: 'Teststadt' },
	district: { id: 'd1', name: 'Nord', code: 'N' },
	plan: {
		id: 'p1',
		title: 'Aktionsplan Nord',
		intro: { origin: 'Erster Absatz.\n\n  \n\nZweiter Absatz\nmit Zeilenumbruch.', function: '', scope: 'Nordstadt, 2026 bis 2030' },
		contentLanguages: [],
		rules: {
			reporting: { by: 'Koordinierungsstelle', to: 'Steuerungsgruppe', intervalMonths: 6, nextDate: '2027-03-31', notes: 'Kurzbericht.' },
			evaluation: emptyRule,
			revision: { ...emptyRule, intervalMonths: 36 }
		}
	},
	content: { lang: 'de', germanOnly: [] },
	version: { state: 'resolved', number: 2, date: '2026-11-20', resolution: { body: 'Rat der Stadt', date: '2026-11-20', reference: 'DS 1/2026', link: '', notes: '' }, inForce: null, pending: null },
	concept: null,
	actionFields: [
		{ id: 'f1', name: 'Bildung', description: '' },
		{ id: 'f2', name: 'Gesundheit', description: '' }
	],
	goals: [
		{ id: 'g2', parentGoalId: 'g1', actionFieldId: 'f1', title: 'Unterziel', description: '', priority: 2, timeHorizon: null, operationalisation: '', conceptGoals: [] },
		{ id: 'g1', parentGoalId: null, actionFieldId: 'f1', title: 'Oberziel', description: '', priority: 1, timeHorizon: '2028-12-31', operationalisation: 'Quote', conceptGoals: [] }
	],
	measures: [
		measure('m2', 'Zweite', { lead: youth, partners: [club], goalIds: ['g1'] }),
		measure('m1', 'Erste', { lead: club, costCents: 123456, goalIds: ['g1', 'g2'] }),
		measure('m3', 'Ohne Federführung', { actionFieldId: 'f2', partners: [youth] })
	],
	inventory: null,
	generatedAt: '2026-11-25T10:00:00.000Z'
};

describe('document model (pure)', () => {
	it('splits paragraphs at blank lines only', () => {
		expect(paragraphs('a\n\n  \n\nb\nc\r\n\r\nd')).toEqual(['a', 'b\nc', 'd']);
		expect(paragraphs('   ')).toEqual([]);
	});

	it('numbers goals as a tree and measures by title within their field of action', () => {
		const m = documentModel(doc, 'de');
		expect(m.fields[0].goals.map((g) => [g.number, g.title, g.depth])).toEqual([
			['Z 1.1', 'Oberziel', 0],
			['Z 1.2', 'Unterziel', 1]
		]);
		expect(m.measureFields.map((f) => f.measures.map((x) => `${x.number} ${x.title}`))).toEqual([['M 1.1 Erste', 'M 1.2 Zweite'], ['M 2.1 Ohne Federführung']]);
		expect(m.fields[0].goals[0].measures.map((r) => r.number)).toEqual(['M 1.1', 'M 1.2']);
		const erste = m.measureFields[0].measures[0].facts;
		expect(erste.find((f) => f[0] === 'Kosten')?.[1]).toMatch(/^1\.234,56\s€$/);
		expect(erste).toContainEqual(['Ziele', ['Z 1.1 Oberziel', 'Z 1.2 Unterziel'], true]);
	});

	it('indexes responsibilities: departments first, then partners, and measures without a lead', () => {
		const r = documentModel(doc, 'de').responsibilities;
		expect(r.groups.map((g) => [g.title, g.actors.map((a) => a.name)])).toEqual([
			['Ämter und Verwaltung', ['Jugendamt']],
			['Partner', ['Verein Brücke']]
		]);
		const jugendamt = r.groups[0].actors[0];
		expect(jugendamt.lead.map((x) => x.number)).toEqual(['M 1.2']);
		expect(jugendamt.partner.map((x) => x.number)).toEqual(['M 2.1']);
		expect(r.noLead.map((x) => x.title)).toEqual(['Ohne Federführung']);
	});

	it('renders rules and resolution data, and German or Arabic fixed texts', () => {
		const de = documentModel(doc, 'de');
		expect(de.rules[0].facts).toEqual([
			['Verantwortlich', 'Koordinierungsstelle', true],
			['Berichtet an', 'Steuerungsgruppe', true],
			['Turnus', 'halbjährlich'],
			['Nächster Termin', '31.03.2027']
		]);
		expect(de.rules[1].paragraphs).toEqual(['Noch nicht beschrieben.']);
		expect(de.rules[2].facts).toEqual([['Turnus', 'alle 36 Monate']]);
		expect(de.version.facts).toContainEqual(['Beschlossen von', 'Rat der Stadt', true]);
		expect(de.version.facts).toContainEqual(['Beschlussdatum', '20.11.2026']);
		expect(de.version.note).toBeNull();
		expect(de).toMatchObject({ lang: 'de', region: 'DE', dir: 'ltr', contentLang: 'de' });
		const ar = documentModel({ ...doc, version: { ...doc.version, state: 'working', resolution: null, number: null } }, 'ar');
		expect(ar).toMatchObject({ lang: 'ar', dir: 'rtl', contentLang: 'de', contentDir: 'ltr' });
		expect(ar.labels.measures).toBe('دليل الإجراءات');
		expect(ar.version.note).toContain('نسخة العمل');
		// no bidi control marks in dates (they would reorder the German text around them)
		expect(JSON.stringify(ar)).not.toMatch(/[\u200e\u200f\u061c]/);
	});
});
