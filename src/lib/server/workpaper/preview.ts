/**
 * Checking an edited working paper against the plan: which measures change in which fields, which new
 * measures the file adds, what conflicts with changes made in Quartier since the export, and what is wrong
 * where. Nothing here writes; the result is stored as a preview and applied only when a person confirms it.
 */
import { ValidationError } from '../core/errors';
import {
	compareRow,
	contentColumns,
	parseCanonicalMilestones,
	parseCell,
	splitList,
	workpaperColumns,
	type CanonicalRow,
	type ContentColumn,
	type FieldChange,
	type FieldConflict,
	type WorkpaperColumn,
	type WorkpaperVocabulary
} from '../../domain/workpaper';
import { parseMeasureInput, type MeasureData } from '../plans/measure-input';
import type { TableFile } from '../statistics/import/table-file';
import { headerIndex } from './rows';

export interface PreviewError {
	/** 1-based row in the file; absent for problems of the whole file. */
	row?: number;
	column?: WorkpaperColumn | string;
	key: string;
	params?: Record<string, string | number>;
}

export interface PreviewUpdate {
	measureId: string;
	row: number;
	title: string;
	/** The measure's updated_at when the preview was made: applying refuses if it changed since. */
	stamp: string;
	changes: FieldChange[];
	conflicts: FieldConflict[];
}

export interface PreviewCreate {
	row: number;
	values: CanonicalRow;
}

export interface WorkpaperPreview {
	format: string;
	rows: number;
	/** Exports the rows were stamped with and found (base values known), and stamps not found. */
	exportIds: string[];
	unknownStamps: number;
	ignoredColumns: string[];
	missingColumns: ContentColumn[];
	errors: PreviewError[];
	updates: PreviewUpdate[];
	creates: PreviewCreate[];
	unchanged: number;
	notInFile: { measureId: string; title: string }[];
}

export interface CurrentMeasure {
	id: string;
	updatedAt: string;
	row: CanonicalRow;
	milestones: { id: string; title: string }[];
}

/** Names → ids of the plan's world, for turning canonical rows back into measure input. */
export interface References {
	fields: Map<string, string>;
	goals: Map<string, string>;
	actors: Map<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A canonical row as the input of the measure commands (validated there with all cross-field rules). */
export function toMeasureInput(row: CanonicalRow, refs: References, existingMilestones: { id: string; title: string }[] = []): Record<string, unknown> {
	const free = [...existingMilestones];
	const milestones = parseCanonicalMilestones(row.milestones).map((m) => {
		const i = free.findIndex((x) => x.title === m.title);
		const id = i >= 0 ? free.splice(i, 1)[0].id : undefined;
		return { ...(id ? { id } : {}), title: m.title, dueDate: m.dueDate, done: m.done };
	});
	const nullIfEmpty = (s: string) => (s === '' ? null : s);
	return {
		actionFieldId: refs.fields.get(row.actionField) ?? '',
		title: row.title,
		description: row.description,
		goalIds: splitList(row.goals).map((g) => refs.goals.get(g) ?? g),
		leadActorId: row.lead === '' ? null : (refs.actors.get(row.lead) ?? null),
		partnerActorIds: splitList(row.partners).map((a) => refs.actors.get(a) ?? a),
		startDate: nullIfEmpty(row.startDate),
		endDate: nullIfEmpty(row.endDate),
		milestones,
		costCents: row.cost === '' ? null : Number(row.cost),
		fundingSource: row.fundingSource,
		spatialScope: row.spatialScope,
		siteLabel: row.siteLabel,
		siteLat: row.siteLat === '' ? null : Number(row.siteLat),
		siteLon: row.siteLon === '' ? null : Number(row.siteLon),
		decidableLocally: row.decidableLocally === 'true',
		integrated: row.integrated === 'true',
		starterProject: row.starterProject === 'true',
		status: row.status
	};
}

/** Field errors of the measure rules (end before start, site without coordinates …) as errors of a file row. */
function ruleErrors(row: number, input: Record<string, unknown>): PreviewError[] {
	try {
		parseMeasureInput(input);
		return [];
	} catch (e) {
		if (!(e instanceof ValidationError)) throw e;
		const field: Record<string, WorkpaperColumn> = {
			actionFieldId: 'actionField', goalIds: 'goals', leadActorId: 'lead', partnerActorIds: 'partners', costCents: 'cost', cost: 'cost', milestones: 'milestones'
		};
		return Object.entries(e.fieldErrors).flatMap(([path, keys]) => {
			const name = path.split('.')[0];
			const column = field[name] ?? ((workpaperColumns as readonly string[]).includes(name) ? name : undefined);
			return keys.map((key) => ({ row, column, key }));
		});
	}
}

export const applyChoices = (current: CanonicalRow, changes: { column: ContentColumn; to: string }[]): CanonicalRow => {
	const out = { ...current };
	for (const c of changes) out[c.column] = c.to;
	return out;
};

export function buildPreview(opts: {
	table: TableFile;
	vocab: WorkpaperVocabulary;
	refs: References;
	current: CurrentMeasure[];
	/** Ids of measures of OTHER plans of this municipality (to say "belongs to another plan"). */
	otherPlanMeasureIds: ReadonlySet<string>;
	/** The export each stamp names, if it exists for this plan. */
	exports: ReadonlyMap<string, { rows: Record<string, CanonicalRow> }>;
}): WorkpaperPreview {
	const { table, vocab, refs } = opts;
	const errors: PreviewError[] = [];
	const index = headerIndex();
	const columnAt = new Map<number, WorkpaperColumn>();
	const ignoredColumns: string[] = [];
	table.header.forEach((h, i) => {
		const c = index.get(h.replace(/\s+/g, ' ').trim().toLocaleLowerCase('de'));
		if (c && ![...columnAt.values()].includes(c)) columnAt.set(i, c);
		else ignoredColumns.push(h);
	});
	const present = new Set(columnAt.values());
	const missingColumns = contentColumns.filter((c) => !present.has(c));
	const preview: WorkpaperPreview = {
		format: table.format,
		rows: table.rows.length,
		exportIds: [],
		unknownStamps: 0,
		ignoredColumns,
		missingColumns,
		errors,
		updates: [],
		creates: [],
		unchanged: 0,
		notInFile: []
	};
	if (!present.has('id')) {
		errors.push({ key: 'workpaper.error.noIdColumn' });
		return preview;
	}
	const byId = new Map(opts.current.map((m) => [m.id, m]));
	const seen = new Map<string, number>();
	const usedExports = new Set<string>();
	for (const r of table.rows) {
		const formulaCols = new Set(r.formulas ?? []);
		const cell = (c: WorkpaperColumn): string | undefined => {
			for (const [i, col] of columnAt) if (col === c) return r.cells[i] ?? '';
			return undefined;
		};
		const rowErrors: PreviewError[] = [];
		for (const i of formulaCols) {
			const col = columnAt.get(i);
			if (col) rowErrors.push({ row: r.row, column: col, key: 'workpaper.error.formula' });
		}
		const file: Partial<CanonicalRow> = {};
		for (const c of contentColumns) {
			const raw = cell(c);
			if (raw === undefined) continue;
			const parsed = parseCell(c, raw, vocab);
			if (parsed.ok) file[c] = parsed.value;
			else rowErrors.push({ row: r.row, column: c, key: parsed.error, params: parsed.params });
		}
		const id = (cell('id') ?? '').trim();
		if (id === '') {
			// A new measure: it needs at least what a measure cannot be without.
			const need: ContentColumn[] = ['title', 'actionField', 'goals'];
			if (need.some((c) => !present.has(c))) rowErrors.push({ row: r.row, key: 'workpaper.error.newRowColumns' });
			if (rowErrors.length === 0) {
				const values = { ...defaultRow(), ...file } as CanonicalRow;
				rowErrors.push(...ruleErrors(r.row, toMeasureInput(values, refs)));
				if (rowErrors.length === 0) preview.creates.push({ row: r.row, values });
			}
			errors.push(...rowErrors);
			continue;
		}
		if (!UUID.test(id)) {
			errors.push({ row: r.row, column: 'id', key: 'workpaper.error.badId' }, ...rowErrors);
			continue;
		}
		const key = id.toLowerCase();
		const first = seen.get(key);
		if (first !== undefined) {
			errors.push({ row: r.row, column: 'id', key: 'workpaper.error.duplicateId', params: { first } });
			continue;
		}
		seen.set(key, r.row);
		const stamp = (cell('stamp') ?? '').trim();
		const exp = stamp ? opts.exports.get(stamp) : undefined;
		const current = byId.get(key);
		if (!current) {
			const k = opts.otherPlanMeasureIds.has(key) ? 'workpaper.error.otherPlan' : exp?.rows[key] ? 'workpaper.error.deletedMeanwhile' : 'workpaper.error.unknownMeasure';
			errors.push({ row: r.row, column: 'id', key: k });
			continue;
		}
		if (stamp && !exp) preview.unknownStamps++;
		const base = exp?.rows[key] ?? null;
		if (exp && base) usedExports.add(stamp);
		if (rowErrors.length) {
			errors.push(...rowErrors);
			continue;
		}
		const { changes, conflicts } = compareRow(file, current.row, base);
		if (changes.length === 0 && conflicts.length === 0) {
			preview.unchanged++;
			continue;
		}
		// The rules of a measure hold for the result whichever side of a conflict is chosen: check the file's side.
		const merged = applyChoices(current.row, [...changes, ...conflicts.map((c) => ({ column: c.column, to: c.file }))]);
		const problems = ruleErrors(r.row, toMeasureInput(merged, refs, current.milestones));
		if (problems.length) {
			errors.push(...problems);
			continue;
		}
		preview.updates.push({ measureId: current.id, row: r.row, title: merged.title, stamp: current.updatedAt, changes, conflicts });
	}
	preview.exportIds = [...usedExports];
	for (const m of opts.current) if (!seen.has(m.id)) preview.notInFile.push({ measureId: m.id, title: m.row.title });
	return preview;
}

function defaultRow(): CanonicalRow {
	return {
		title: '', description: '', actionField: '', goals: '', lead: '', partners: '', startDate: '', endDate: '', milestones: '', cost: '',
		fundingSource: '', spatialScope: 'district', siteLabel: '', siteLat: '', siteLon: '', decidableLocally: 'false', integrated: 'false',
		starterProject: 'false', status: 'planned'
	};
}

export type { MeasureData };
