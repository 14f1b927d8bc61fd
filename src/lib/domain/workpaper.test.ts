import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalRow, compareRow, contentColumns, parseCell, parseDateCell, unprotect, type CanonicalRow, type WorkpaperVocabulary } from './workpaper';

const vocab: WorkpaperVocabulary = {
	actionFields: ['Bildung', 'Gesundheit'],
	goals: ['Ziel A', 'Ziel B', 'Doppelt', 'doppelt'],
	actors: ['Jugendamt', 'Verein e. V.'],
	scopeLabels: { 'ganzer stadtteil': 'district', 'standort im stadtteil': 'site', gesamtstadt: 'city' },
	statusLabels: { geplant: 'planned', abgeschlossen: 'completed' },
	yes: ['ja', 'yes', 'x'],
	no: ['nein', 'no'],
	doneMarkers: ['erledigt', 'done', 'x']
};

describe('working paper cells', () => {
	it('reads German dates and spreadsheet dates, refuses impossible ones', () => {
		expect(parseDateCell('1.2.2026')).toEqual({ ok: true, value: '2026-02-01' });
		expect(parseDateCell('2026-02-01')).toEqual({ ok: true, value: '2026-02-01' });
		expect(parseDateCell('')).toEqual({ ok: true, value: '' });
		for (const bad of ['31.02.2026', '1.2.26', '2026-13-01', 'morgen', '01/02/2026']) expect(parseDateCell(bad).ok, bad).toBe(false);
	});

	it('reads names case-insensitively, refuses unknown and ambiguous names', () => {
		expect(parseCell('actionField', ' bildung ', vocab)).toEqual({ ok: true, value: 'Bildung' });
		expect(parseCell('partners', 'Jugendamt | verein e. v.\nJugendamt', vocab)).toEqual({ ok: true, value: 'Jugendamt | Verein e. V.' });
		expect(parseCell('lead', 'Sozialamt', vocab)).toMatchObject({ ok: false, error: 'workpaper.error.unknownName' });
		expect(parseCell('goals', 'Doppelt', vocab)).toMatchObject({ ok: false, error: 'workpaper.error.ambiguous' });
		expect(parseCell('goals', '', vocab)).toMatchObject({ ok: false, error: 'error.required' });
		expect(parseCell('lead', 'Jugendamt | Verein e. V.', vocab)).toMatchObject({ ok: false, error: 'workpaper.error.tooMany' });
	});

	it('reads money, flags, enumerations and milestones the way people type them', () => {
		expect(parseCell('cost', '12.500,50 €', vocab)).toEqual({ ok: true, value: '1250050' });
		expect(parseCell('cost', '-5', vocab)).toMatchObject({ ok: false, error: 'error.negative' });
		expect(parseCell('decidableLocally', 'X', vocab)).toEqual({ ok: true, value: 'true' });
		expect(parseCell('integrated', 'vielleicht', vocab)).toMatchObject({ ok: false });
		expect(parseCell('status', 'Abgeschlossen', vocab)).toEqual({ ok: true, value: 'completed' });
		expect(parseCell('spatialScope', 'city', vocab)).toEqual({ ok: true, value: 'city' });
		expect(parseCell('milestones', '01.02.2026 Auftakt (erledigt) | 30.6.2026 Bericht', vocab)).toEqual({ ok: true, value: '2026-02-01 Auftakt [x] | 2026-06-30 Bericht' });
		expect(parseCell('milestones', 'Auftakt im Februar', vocab)).toMatchObject({ ok: false, error: 'workpaper.error.milestone' });
		expect(parseCell('siteLat', '52,48', vocab)).toEqual({ ok: true, value: '52.48' });
		expect(parseCell('siteLat', '91', vocab)).toMatchObject({ ok: false, error: 'error.latitude' });
		expect(parseCell('title', 'x'.repeat(301), vocab)).toMatchObject({ ok: false, error: 'error.tooLong' });
	});

	it('takes back the apostrophe that protects formula-like text in CSV, and only that', () => {
		expect(unprotect("'=SUMME(A1)")).toBe('=SUMME(A1)');
		expect(unprotect("'Ausnahme'")).toBe("'Ausnahme'");
		expect(parseCell('title', "'-Minus", vocab)).toEqual({ ok: true, value: '-Minus' });
	});
});

const row = (): fc.Arbitrary<CanonicalRow> =>
	fc.record(Object.fromEntries(contentColumns.map((c) => [c, fc.constantFrom('', 'a', 'b', 'c')])) as Record<keyof CanonicalRow, fc.Arbitrary<string>>);

describe('three-way comparison', () => {
	it('a file equal to the export changes nothing, whatever happened in Quartier', () => {
		fc.assert(
			fc.property(row(), row(), (base, current) => {
				expect(compareRow(base, current, base)).toEqual({ changes: [], conflicts: [] });
			})
		);
	});
	it('without changes in Quartier every edit of the file is a change and none a conflict', () => {
		fc.assert(
			fc.property(row(), row(), (base, file) => {
				const r = compareRow(file, base, base);
				expect(r.conflicts).toEqual([]);
				expect(r.changes.map((c) => c.column)).toEqual(contentColumns.filter((c) => file[c] !== base[c]));
			})
		);
	});
	it('a column edited on both sides to different values is a conflict; to the same value it is nothing', () => {
		fc.assert(
			fc.property(row(), row(), row(), (base, current, file) => {
				const r = compareRow(file, current, base);
				for (const c of r.conflicts) expect(c.file !== c.base && c.current !== c.base && c.file !== c.current).toBe(true);
				for (const c of r.changes) expect(current[c.column]).toBe(base[c.column]);
				// Applying the changes and the file's side of the conflicts yields the file wherever the file was edited.
				const applied = { ...current };
				for (const c of r.changes) applied[c.column] = c.to;
				for (const c of r.conflicts) applied[c.column] = c.file;
				for (const c of contentColumns) if (file[c] !== base[c]) expect(applied[c]).toBe(file[c]);
			})
		);
	});
	it('columns missing from the file never change', () => {
		const base = canonicalRow({
			title: 'T', description: '', actionFieldName: 'Bildung', goals: [{ title: 'Ziel A' }], leadActorName: null, partners: [], startDate: null, endDate: null,
			milestones: [], costCents: null, fundingSource: '', spatialScope: 'district', siteLabel: '', siteLat: null, siteLon: null, decidableLocally: false,
			integrated: false, starterProject: false, status: 'planned'
		});
		expect(compareRow({ title: 'Neu' }, { ...base, description: 'anders' }, null)).toEqual({ changes: [{ column: 'title', from: 'T', to: 'Neu' }], conflicts: [] });
	});
});
