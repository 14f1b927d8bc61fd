import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { translator } from '../../i18n';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { updateMeasure } from '../plans/update-measure';
import { findMeasure, listMeasures } from '../plans/measures.repository';
import { fieldIds, insertActor, insertDistrict } from '../plans/test-helpers';
import { exportWorkpaper } from './export-workpaper';
import { previewWorkpaperImport } from './preview-workpaper-import';
import { applyWorkpaperImport } from './apply-workpaper-import';
import { discardWorkpaperImport } from './discard-workpaper-import';
import { findImport } from './workpaper.repository';

const t = translator('de');

/** Cell text of an exported XLSX as a grid [row][col] (1-based like a spreadsheet, row 1 = header). */
async function xlsxBook(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
	return wb;
}
const colOf = (ws: ExcelJS.Worksheet, label: string) => {
	const header = ws.getRow(1).values as unknown[];
	const i = header.findIndex((v) => v === label);
	if (i < 0) throw new Error(`no column ${label}`);
	return i;
};
const rowOf = (ws: ExcelJS.Worksheet, title: string) => {
	const c = colOf(ws, 'Maßnahme');
	for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(c).value === title) return r;
	throw new Error(`no row ${title}`);
};
const bookBytes = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer());

describe.each(dbKinds())('working paper [%s]', (kind) => {
	let db: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let plan: string;
	let otherPlan: string;
	let fields: Record<string, string>;
	let goal1: string;
	let goal2: string;
	let m1: string;
	let m2: string;
	let otherMeasure: string;
	let foreignMeasure: string;
	let foreignPlan: string;
	const tables = ['measure', 'measure_goal', 'measure_partner', 'milestone'] as const;
	const snapshot = async () => JSON.stringify(await listMeasures(db.db.kysely, a.municipality.id, { planId: plan }));
	const counts = async () => Promise.all(tables.map((x) => countRows(db.db, x)));

	beforeAll(async () => {
		db = await createTestDb(kind);
		a = await createTenant(db.db);
		b = await createTenant(db.db);
		const nord = await insertDistrict(db.db, a.municipality.id, 'Nordstadt');
		fields = await fieldIds(db.db, a.municipality.id);
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Plan Nord' } })).id;
		otherPlan = (await createActionPlan({ ctx: a.ctx, input: { districtId: await insertDistrict(db.db, a.municipality.id, 'Südstadt'), title: 'Plan Süd' } })).id;
		goal1 = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildungsübergänge verbessern', priority: 1 } })).id;
		goal2 = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.health, title: 'Gesundheitswissen stärken', priority: 2 } })).id;
		const southGoal = (await createGoal({ ctx: a.ctx, input: { planId: otherPlan, actionFieldId: fields.education, title: 'Süd', priority: 1 } })).id;
		const jugendamt = await insertActor(db.db, a.municipality.id, 'Jugendamt');
		const verein = await insertActor(db.db, a.municipality.id, 'Nachbarschaftsverein', 'civil-society');
		await insertActor(db.db, a.municipality.id, 'Schulamt');
		m1 = (
			await createMeasure({
				ctx: a.ctx,
				input: {
					planId: plan, actionFieldId: fields.education, title: 'Lernpaten', description: 'Zeile 1\nZeile 2', goalIds: [goal1], leadActorId: jugendamt,
					partnerActorIds: [verein], startDate: '2026-01-01', endDate: '2026-12-31', cost: '12.500,50', fundingSource: 'Haushalt',
					milestones: [{ title: 'Auftakt', dueDate: '2026-02-01', done: true }], spatialScope: 'site', siteLabel: 'Schule am Park', siteLat: 52.48, siteLon: 13.42,
					decidableLocally: true, status: 'in-progress'
				}
			})
		).id;
		m2 = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.health, title: '=Gesundheitslotsen', goalIds: [goal2] } })).id;
		otherMeasure = (await createMeasure({ ctx: a.ctx, input: { planId: otherPlan, actionFieldId: fields.education, title: 'Süd-Maßnahme', goalIds: [southGoal] } })).id;
		const bFields = await fieldIds(db.db, b.municipality.id);
		foreignPlan = (await createActionPlan({ ctx: b.ctx, input: { districtId: await insertDistrict(db.db, b.municipality.id), title: 'Fremd' } })).id;
		const bGoal = (await createGoal({ ctx: b.ctx, input: { planId: foreignPlan, actionFieldId: bFields.education, title: 'Fremd', priority: 1 } })).id;
		foreignMeasure = (await createMeasure({ ctx: b.ctx, input: { planId: foreignPlan, actionFieldId: bFields.education, title: 'Fremde Maßnahme', goalIds: [bGoal] } })).id;
	});
	afterAll(async () => db.cleanup());

	const exp = (format: 'xlsx' | 'ods' | 'csv', ctx = a.ctx, planId = plan) => exportWorkpaper({ ctx, planId, format, t });
	const preview = async (bytes: Uint8Array, fileName = 'plan.xlsx', ctx = a.ctx, planId = plan) => {
		const { id } = await previewWorkpaperImport({ ctx, planId, fileName, bytes });
		return (await findImport(db.db.kysely, a.municipality.id, planId, id))!;
	};

	it('re-imports each unchanged export with nothing to change (every field survives the round trip)', async () => {
		for (const format of ['xlsx', 'ods', 'csv'] as const) {
			const file = await exp(format);
			expect(file.fileName).toMatch(new RegExp(`^Arbeitspapier-Plan-Nord-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
			const imp = await preview(file.bytes, file.fileName);
			expect(imp.preview.errors, format).toEqual([]);
			expect(imp.preview.updates, format).toEqual([]);
			expect(imp.preview.creates, format).toEqual([]);
			expect(imp.preview.unchanged, format).toBe(2);
			expect(imp.preview.exportIds, format).toHaveLength(1);
		}
		const csvBytes = (await exp('csv')).bytes;
		expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel opens umlauts right
		const csv = strFromU8(csvBytes);
		expect(csv.startsWith('Kennung (nicht ändern);Stand (nicht ändern);Maßnahme;Beschreibung;')).toBe(true);
		expect(csv).toContain("'=Gesundheitslotsen"); // formula-like text is protected in CSV
		expect(csv).toContain('12500,50');
		expect(csv).toContain('01.02.2026 Auftakt (erledigt)');
	});

	it('shows field-by-field changes and new measures, applies them in one transaction with one audit entry', async () => {
		const wb = await xlsxBook((await exp('xlsx')).bytes);
		const ws = wb.getWorksheet('Maßnahmen')!;
		const r1 = rowOf(ws, 'Lernpaten');
		ws.getRow(r1).getCell(colOf(ws, 'Maßnahme')).value = 'Lernpatenschaften';
		ws.getRow(r1).getCell(colOf(ws, 'Kosten (Euro)')).value = 15000;
		ws.getRow(r1).getCell(colOf(ws, 'Meilensteine')).value = '01.02.2026 Auftakt (erledigt) | 30.06.2026 Zwischenbericht';
		ws.getRow(r1).getCell(colOf(ws, 'Partner')).value = 'Nachbarschaftsverein | Schulamt';
		const r2 = rowOf(ws, '=Gesundheitslotsen');
		ws.getRow(r2).getCell(colOf(ws, 'Status')).value = 'abgeschlossen';
		const added = ws.addRow([]);
		added.getCell(colOf(ws, 'Maßnahme')).value = 'Elterncafé';
		added.getCell(colOf(ws, 'Handlungsfeld')).value = (await listMeasures(db.db.kysely, a.municipality.id, { planId: plan }))[0].actionFieldName;
		added.getCell(colOf(ws, 'Ziele')).value = 'Bildungsübergänge verbessern';
		added.getCell(colOf(ws, 'Beginn')).value = '01.09.2026';
		const before = await counts();
		const imp = await preview(await bookBytes(wb));
		expect(imp.preview.errors).toEqual([]);
		expect(await counts()).toEqual(before); // a preview writes nothing of the plan
		const u1 = imp.preview.updates.find((u) => u.measureId === m1)!;
		expect(u1.changes).toEqual([
			{ column: 'title', from: 'Lernpaten', to: 'Lernpatenschaften' },
			{ column: 'partners', from: 'Nachbarschaftsverein', to: 'Nachbarschaftsverein | Schulamt' },
			{ column: 'milestones', from: '2026-02-01 Auftakt [x]', to: '2026-02-01 Auftakt [x] | 2026-06-30 Zwischenbericht' },
			{ column: 'cost', from: '1250050', to: '1500000' }
		]);
		expect(imp.preview.updates.find((u) => u.measureId === m2)!.changes).toEqual([{ column: 'status', from: 'planned', to: 'completed' }]);
		expect(imp.preview.creates).toHaveLength(1);
		expect(imp.preview.creates[0].values).toMatchObject({ title: 'Elterncafé', startDate: '2026-09-01', goals: 'Bildungsübergänge verbessern' });

		const audits = await countRows(db.db, 'audit_entry');
		const milestoneId = (await findMeasure(db.db.kysely, a.municipality.id, m1))!.milestones[0].id;
		expect(await applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id })).toEqual({ updated: 2, created: 1 });
		expect(await countRows(db.db, 'audit_entry')).toBe(audits + 1);
		const after = (await findMeasure(db.db.kysely, a.municipality.id, m1))!;
		expect(after).toMatchObject({ title: 'Lernpatenschaften', costCents: 1_500_000, description: 'Zeile 1\nZeile 2', siteLat: 52.48 });
		expect(after.partners.map((p) => p.name).sort()).toEqual(['Nachbarschaftsverein', 'Schulamt']);
		expect(after.milestones.map((m) => [m.title, m.done])).toEqual([['Auftakt', true], ['Zwischenbericht', false]]);
		expect(after.milestones[0].id).toBe(milestoneId); // a kept milestone keeps its id
		expect((await findMeasure(db.db.kysely, a.municipality.id, m2))!.status).toBe('completed');
		expect((await listMeasures(db.db.kysely, a.municipality.id, { planId: plan })).map((m) => m.title)).toContain('Elterncafé');
		expect((await findImport(db.db.kysely, a.municipality.id, plan, imp.id))!.state).toBe('applied');
		await expect(applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id })).rejects.toThrow(ConflictError);
	});

	it('tells conflicts with changes made in Quartier since the export; the plan keeps its value unless the file is chosen', async () => {
		const file = await exp('csv');
		const current = (await findMeasure(db.db.kysely, a.municipality.id, m2))!;
		await updateMeasure({ ctx: a.ctx, measureId: m2, input: { fundingSource: 'Land' }, partial: true });
		await updateMeasure({ ctx: a.ctx, measureId: m1, input: { description: 'In Quartier geändert' }, partial: true });
		const text = strFromU8(file.bytes)
			.replace(';Haushalt;', ';Bund;') // m1 funding: only changed in the file
			.replace('"Zeile 1\nZeile 2"', 'In der Datei geändert'); // m1 description: changed on both sides
		expect(current.fundingSource).toBe('');
		const imp = await preview(strToU8(text), 'plan.csv');
		expect(imp.preview.errors).toEqual([]);
		const u1 = imp.preview.updates.find((u) => u.measureId === m1)!;
		expect(u1.changes).toEqual([{ column: 'fundingSource', from: 'Haushalt', to: 'Bund' }]);
		expect(u1.conflicts).toEqual([{ column: 'description', base: 'Zeile 1\nZeile 2', current: 'In Quartier geändert', file: 'In der Datei geändert' }]);
		// m2's funding changed only in Quartier: the file's old value is no edit and does not undo it.
		expect(imp.preview.updates.find((u) => u.measureId === m2)).toBeUndefined();

		await applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id });
		expect(await findMeasure(db.db.kysely, a.municipality.id, m1)).toMatchObject({ fundingSource: 'Bund', description: 'In Quartier geändert' });
		expect((await findMeasure(db.db.kysely, a.municipality.id, m2))!.fundingSource).toBe('Land');

		// The same conflict, this time the file's value chosen.
		const again = strFromU8((await exp('csv')).bytes);
		await updateMeasure({ ctx: a.ctx, measureId: m1, input: { description: 'Noch einmal in Quartier' }, partial: true });
		const imp2 = await preview(strToU8(again.replace('In Quartier geändert', 'Aus der Datei')), 'plan.csv');
		await applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp2.id, choices: { [`${m1}:description`]: 'file' } });
		expect((await findMeasure(db.db.kysely, a.municipality.id, m1))!.description).toBe('Aus der Datei');
	});

	it('refuses to apply when a measure changed after the preview; a discarded preview changes nothing', async () => {
		const text = strFromU8((await exp('csv')).bytes).replace(';Bund;', ';Stiftung;');
		const imp = await preview(strToU8(text), 'plan.csv');
		expect(imp.preview.updates).toHaveLength(1);
		await updateMeasure({ ctx: a.ctx, measureId: m1, input: { siteLabel: 'Neue Schule' }, partial: true });
		const before = await snapshot();
		await expect(applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id })).rejects.toMatchObject({ messageKey: 'workpaper.error.changedSincePreview' });
		expect(await snapshot()).toBe(before);
		await discardWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id });
		expect((await findImport(db.db.kysely, a.municipality.id, plan, imp.id))!.state).toBe('discarded');
		await expect(applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id })).rejects.toThrow(ConflictError);
		expect(await snapshot()).toBe(before);
	});

	it('reports renamed columns, wrong types, formulas, duplicate rows and rows of another plan or municipality; nothing is applied', async () => {
		const wb = await xlsxBook((await exp('xlsx')).bytes);
		const ws = wb.getWorksheet('Maßnahmen')!;
		const r1 = rowOf(ws, 'Lernpatenschaften');
		ws.getRow(r1).getCell(colOf(ws, 'Ende')).value = '31.02.2026';
		ws.getRow(r1).getCell(colOf(ws, 'Kosten (Euro)')).value = 'viel';
		ws.getRow(r1).getCell(colOf(ws, 'Status')).value = 'fertig';
		ws.getRow(r1).getCell(colOf(ws, 'Federführung')).value = 'Unbekanntes Amt';
		const r2 = rowOf(ws, '=Gesundheitslotsen');
		ws.getRow(r2).getCell(colOf(ws, 'Kosten (Euro)')).value = { formula: 'SUM(1,2)', result: 3 } as ExcelJS.CellFormulaValue;
		ws.getRow(1).getCell(colOf(ws, 'Finanzierung')).value = 'Geldgeber'; // a renamed column is ignored, not guessed
		const idCol = colOf(ws, 'Kennung (nicht ändern)');
		const dup = ws.addRow([]);
		dup.getCell(idCol).value = m1;
		dup.getCell(colOf(ws, 'Maßnahme')).value = 'Doppelt';
		for (const id of [otherMeasure, foreignMeasure, 'nicht-eine-kennung']) {
			const r = ws.addRow([]);
			r.getCell(idCol).value = id;
			r.getCell(colOf(ws, 'Maßnahme')).value = 'Fremd';
		}
		const before = await snapshot();
		const imp = await preview(await bookBytes(wb));
		const keys = imp.preview.errors.map((e) => `${e.row}:${e.column}:${e.key}`);
		expect(keys).toEqual(
			expect.arrayContaining([
				`${r1}:endDate:workpaper.error.date`,
				`${r1}:cost:error.money`,
				`${r1}:status:workpaper.error.choice`,
				`${r1}:lead:workpaper.error.unknownName`,
				`${r2}:cost:workpaper.error.formula`,
				`${dup.number}:id:workpaper.error.duplicateId`,
				`${dup.number + 1}:id:workpaper.error.otherPlan`,
				`${dup.number + 2}:id:workpaper.error.unknownMeasure`,
				`${dup.number + 3}:id:workpaper.error.badId`
			])
		);
		expect(imp.preview.ignoredColumns).toEqual(['Geldgeber']);
		expect(imp.preview.missingColumns).toEqual(['fundingSource']);
		await expect(applyWorkpaperImport({ ctx: a.ctx, planId: plan, importId: imp.id })).rejects.toMatchObject({ messageKey: 'workpaper.error.hasErrors' });
		expect(await snapshot()).toBe(before);

		// End before start is a rule of the measure, reported at its row.
		const csv = strFromU8((await exp('csv')).bytes).replace('31.12.2026', '01.01.2020');
		const imp2 = await preview(strToU8(csv), 'plan.csv');
		expect(imp2.preview.errors).toEqual([expect.objectContaining({ column: 'endDate', key: 'error.endBeforeStart' })]);

		// Without the id column nothing can be matched.
		const noId = strFromU8((await exp('csv')).bytes).replace('Kennung (nicht ändern)', 'Nummer');
		expect((await preview(strToU8(noId), 'plan.csv')).preview.errors).toEqual([{ key: 'workpaper.error.noIdColumn' }]);
	});

	it('refuses a file that is not a spreadsheet, stores nothing', async () => {
		const imports = await db.db.kysely.selectFrom('workpaper_import').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		for (const bytes of [new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xe2, 0xe3, 0x0a]), new Uint8Array(0), zipSync({ 'a.txt': strToU8('x') })]) {
			const e = await previewWorkpaperImport({ ctx: a.ctx, planId: plan, fileName: 'x.xlsx', bytes }).catch((x) => x);
			expect(e).toBeInstanceOf(ValidationError);
			expect((e as ValidationError).fieldErrors.file?.[0]).toMatch(/^import\./);
		}
		const after = await db.db.kysely.selectFrom('workpaper_import').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(imports.n));
	});

	it('another municipality and users without plan rights get nothing', async () => {
		const file = await exp('csv');
		await expect(exp('csv', b.ctx)).rejects.toThrow(NotFoundError);
		await expect(previewWorkpaperImport({ ctx: b.ctx, planId: plan, fileName: 'p.csv', bytes: file.bytes })).rejects.toThrow(NotFoundError);
		const imp = await preview(file.bytes, 'plan.csv');
		await expect(applyWorkpaperImport({ ctx: b.ctx, planId: plan, importId: imp.id })).rejects.toThrow(NotFoundError);
		await expect(applyWorkpaperImport({ ctx: b.ctx, planId: foreignPlan, importId: imp.id })).rejects.toThrow(NotFoundError);
		await expect(discardWorkpaperImport({ ctx: b.ctx, planId: plan, importId: imp.id })).rejects.toThrow(NotFoundError);
		// A file of this plan uploaded to another plan: its rows belong to another plan.
		const wrong = await preview(file.bytes, 'plan.csv', a.ctx, otherPlan);
		expect(new Set(wrong.preview.errors.map((e) => e.key))).toEqual(new Set(['workpaper.error.otherPlan']));
		const dept = asGrants({ db: db.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
		await expect(previewWorkpaperImport({ ctx: dept, planId: plan, fileName: 'p.csv', bytes: file.bytes })).rejects.toThrow(ForbiddenError);
		await expect(applyWorkpaperImport({ ctx: dept, planId: plan, importId: imp.id })).rejects.toThrow(ForbiddenError);
		expect((await exportWorkpaper({ ctx: dept, planId: plan, format: 'csv', t })).bytes.length).toBeGreaterThan(100); // reading is for every member
	});

	it('an ODS edited as LibreOffice writes it (a typed date and a formula cell) is read the same way', async () => {
		const files = unzipSync((await exp('ods')).bytes);
		let content = strFromU8(files['content.xml']);
		content = content.replace('<text:p>Lernpatenschaften</text:p>', '<text:p>Lernpaten (ODS)</text:p>');
		content = content.replace(/office:value-type="float" office:value="([\d.]+)" calcext:value-type="float"><text:p>([^<]*) €/, 'table:formula="of:=1+1" office:value-type="float" office:value="2" calcext:value-type="float"><text:p>2 €');
		const ods = (xml: string) =>
			zipSync({ mimetype: [files['mimetype'], { level: 0 }], 'content.xml': strToU8(xml), 'styles.xml': files['styles.xml'], 'meta.xml': files['meta.xml'], 'META-INF/manifest.xml': files['META-INF/manifest.xml'] });
		const imp = await preview(ods(content), 'plan.ods');
		expect(imp.preview.errors).toEqual([expect.objectContaining({ column: 'cost', key: 'workpaper.error.formula' })]);
		const imp2 = await preview(ods(content.replace(/table:formula="[^"]*" /, '')), 'plan.ods');
		expect(imp2.preview.errors).toEqual([]);
		expect(imp2.preview.updates.flatMap((u) => u.changes.map((c) => c.column)).sort()).toEqual(['cost', 'title']);
	});
});
