/**
 * The plan as a working paper: one row per measure with every field, as people edit it in a spreadsheet,
 * and the way back: reading an edited row into canonical values and comparing it three ways (the values at
 * export, the values now, the values in the file) so that a re-import changes only what the editor changed
 * and shows as a conflict what someone else changed meanwhile. Pure functions, no I/O.
 *
 * Canonical values are strings so that every column compares the same way: dates `YYYY-MM-DD`, money in
 * cents, flags `true`/`false`, enumerations by key, references by the referenced row's name, lists joined by
 * " | " in the order the plan shows them.
 */
import { parseMoney } from './money';
import { measureStatuses, spatialScopes, type MeasureStatus, type SpatialScope } from './plans';

export const workpaperColumns = [
	'id',
	'stamp',
	'title',
	'description',
	'actionField',
	'goals',
	'lead',
	'partners',
	'startDate',
	'endDate',
	'milestones',
	'cost',
	'fundingSource',
	'spatialScope',
	'siteLabel',
	'siteLat',
	'siteLon',
	'decidableLocally',
	'integrated',
	'starterProject',
	'status'
] as const;
export type WorkpaperColumn = (typeof workpaperColumns)[number];
/** The columns that hold a measure's content (id and stamp identify the row). */
export type ContentColumn = Exclude<WorkpaperColumn, 'id' | 'stamp'>;
export const contentColumns = workpaperColumns.filter((c): c is ContentColumn => c !== 'id' && c !== 'stamp');
export type CanonicalRow = Record<ContentColumn, string>;

export const LIST_SEPARATOR = ' | ';
export const MAX_TEXT: Partial<Record<ContentColumn, number>> = { title: 300, description: 10_000, fundingSource: 300, siteLabel: 200 };

/** A measure as the plan holds it (ids resolved to names), the input of {@link canonicalRow}. */
export interface MeasureForWorkpaper {
	title: string;
	description: string;
	actionFieldName: string;
	goals: { title: string }[];
	leadActorName: string | null;
	partners: { name: string }[];
	startDate: string | null;
	endDate: string | null;
	milestones: { title: string; dueDate: string; done: boolean }[];
	costCents: number | null;
	fundingSource: string;
	spatialScope: SpatialScope;
	siteLabel: string;
	siteLat: number | null;
	siteLon: number | null;
	decidableLocally: boolean;
	integrated: boolean;
	starterProject: boolean;
	status: MeasureStatus;
}

export interface CanonicalMilestone {
	title: string;
	dueDate: string;
	done: boolean;
}

const milestoneText = (m: CanonicalMilestone) => `${m.dueDate} ${m.title}${m.done ? ' [x]' : ''}`;

export function canonicalRow(m: MeasureForWorkpaper): CanonicalRow {
	return {
		title: m.title,
		description: m.description,
		actionField: m.actionFieldName,
		goals: m.goals.map((g) => g.title).join(LIST_SEPARATOR),
		lead: m.leadActorName ?? '',
		partners: m.partners.map((p) => p.name).join(LIST_SEPARATOR),
		startDate: m.startDate ?? '',
		endDate: m.endDate ?? '',
		milestones: m.milestones.map(milestoneText).join(LIST_SEPARATOR),
		cost: m.costCents === null ? '' : String(m.costCents),
		fundingSource: m.fundingSource,
		spatialScope: m.spatialScope,
		siteLabel: m.siteLabel,
		siteLat: m.siteLat === null ? '' : String(m.siteLat),
		siteLon: m.siteLon === null ? '' : String(m.siteLon),
		decidableLocally: String(m.decidableLocally),
		integrated: String(m.integrated),
		starterProject: String(m.starterProject),
		status: m.status
	};
}

/** Milestones in canonical form back to structured values. */
export function parseCanonicalMilestones(s: string): CanonicalMilestone[] {
	if (s === '') return [];
	return s.split(LIST_SEPARATOR).map((part) => {
		const done = part.endsWith(' [x]');
		const body = done ? part.slice(0, -4) : part;
		return { dueDate: body.slice(0, 10), title: body.slice(11), done };
	});
}

export const splitList = (s: string): string[] => (s === '' ? [] : s.split(LIST_SEPARATOR));

// ---------------------------------------------------------------------------------------------------------
// Reading a cell

/** What names a cell may refer to, and the labels people see for the enumerations (any language). */
export interface WorkpaperVocabulary {
	actionFields: string[];
	goals: string[];
	actors: string[];
	/** Label (lower case) → key, for spatial scopes, statuses and yes/no, in every language offered. */
	scopeLabels: Record<string, SpatialScope>;
	statusLabels: Record<string, MeasureStatus>;
	yes: string[];
	no: string[];
	doneMarkers: string[];
}

export type CellResult = { ok: true; value: string } | { ok: false; error: string; params?: Record<string, string | number> };
const ok = (value: string): CellResult => ({ ok: true, value });
const err = (error: string, params?: Record<string, string | number>): CellResult => ({ ok: false, error, params });

/** A leading apostrophe that protected a formula-like text in CSV (see the CSV writer) is not part of the value. */
export function unprotect(s: string): string {
	return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('de');

function byName(names: readonly string[], raw: string): string | null | 'ambiguous' {
	const n = norm(raw);
	const hits = names.filter((x) => norm(x) === n);
	if (hits.length > 1) return 'ambiguous';
	return hits[0] ?? null;
}

/** `TT.MM.JJJJ` (also `T.M.JJJJ`) or `JJJJ-MM-TT` (spreadsheet date cells); a two-digit year is refused. */
export function parseDateCell(raw: string): CellResult {
	const s = raw.trim();
	if (s === '') return ok('');
	let y: number, m: number, d: number;
	let match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
	if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else return err('workpaper.error.date');
	const date = new Date(Date.UTC(y, m - 1, d));
	if (y < 1900 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return err('workpaper.error.date');
	return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

function parseCoordinate(raw: string, limit: number): CellResult {
	const s = raw.trim().replace(',', '.');
	if (s === '') return ok('');
	if (!/^-?\d+(\.\d+)?$/.test(s)) return err('workpaper.error.number');
	const v = Number(s);
	if (Math.abs(v) > limit) return err(limit === 90 ? 'error.latitude' : 'error.longitude');
	return ok(String(v));
}

function parseFlag(raw: string, vocab: WorkpaperVocabulary): CellResult {
	const n = norm(raw);
	if (n === '' || vocab.no.includes(n)) return ok('false');
	if (vocab.yes.includes(n)) return ok('true');
	return err('workpaper.error.flag');
}

function parseMilestones(raw: string, vocab: WorkpaperVocabulary): CellResult {
	const s = raw.trim();
	if (s === '') return ok('');
	const out: CanonicalMilestone[] = [];
	for (const part of s.split(/\s*\|\s*|\r?\n/).filter((p) => p.trim() !== '')) {
		const match = /^(\S+)\s+(.+)$/.exec(part.trim());
		if (!match) return err('workpaper.error.milestone', { text: part.trim().slice(0, 80) });
		const date = parseDateCell(match[1]);
		if (!date.ok || date.value === '') return err('workpaper.error.milestone', { text: part.trim().slice(0, 80) });
		let title = match[2].trim();
		let done = false;
		const marker = /\s*[([]\s*([^)\]]+)\s*[)\]]$/.exec(title);
		if (marker && vocab.doneMarkers.includes(norm(marker[1]))) {
			done = true;
			title = title.slice(0, marker.index).trim();
		}
		if (title === '' || title.length > 200) return err('workpaper.error.milestone', { text: part.trim().slice(0, 80) });
		out.push({ dueDate: date.value, title, done });
	}
	if (out.length > 100) return err('workpaper.error.tooMany', { max: 100 });
	return ok(out.map(milestoneText).join(LIST_SEPARATOR));
}

function parseNames(raw: string, names: readonly string[], max: number): CellResult {
	const parts = raw
		.split(/\s*\|\s*|\r?\n/)
		.map((p) => p.trim())
		.filter((p) => p !== '');
	if (parts.length > max) return err('workpaper.error.tooMany', { max });
	const out: string[] = [];
	for (const p of parts) {
		const hit = byName(names, p);
		if (hit === 'ambiguous') return err('workpaper.error.ambiguous', { name: p.slice(0, 120) });
		if (hit === null) return err('workpaper.error.unknownName', { name: p.slice(0, 120) });
		if (!out.includes(hit)) out.push(hit);
	}
	return ok(out.join(LIST_SEPARATOR));
}

/** Reads one cell of a content column into its canonical value, or says what is wrong with it. */
export function parseCell(column: ContentColumn, rawCell: string, vocab: WorkpaperVocabulary): CellResult {
	const raw = unprotect(rawCell);
	switch (column) {
		case 'title':
		case 'description':
		case 'fundingSource':
		case 'siteLabel': {
			const s = column === 'description' ? raw.replace(/\r\n/g, '\n').trim() : raw.replace(/\s+/g, ' ').trim();
			const max = MAX_TEXT[column] ?? 300;
			if (s.length > max) return err('error.tooLong', { max });
			if (column === 'title' && s === '') return err('error.required');
			return ok(s);
		}
		case 'actionField': {
			if (raw.trim() === '') return err('error.required');
			return parseNames(raw, vocab.actionFields, 1);
		}
		case 'goals': {
			if (raw.trim() === '') return err('error.required');
			return parseNames(raw, vocab.goals, 200);
		}
		case 'lead':
			return parseNames(raw, vocab.actors, 1);
		case 'partners':
			return parseNames(raw, vocab.actors, 200);
		case 'startDate':
		case 'endDate':
			return parseDateCell(raw);
		case 'milestones':
			return parseMilestones(raw, vocab);
		case 'cost': {
			if (raw.trim() === '') return ok('');
			const r = parseMoney(raw);
			return r.ok ? ok(String(r.cents)) : err(r.error);
		}
		case 'spatialScope': {
			const n = norm(raw);
			if (n === '') return ok('district');
			const key = (spatialScopes as readonly string[]).includes(n) ? (n as SpatialScope) : vocab.scopeLabels[n];
			return key ? ok(key) : err('workpaper.error.choice');
		}
		case 'siteLat':
			return parseCoordinate(raw, 90);
		case 'siteLon':
			return parseCoordinate(raw, 180);
		case 'decidableLocally':
		case 'integrated':
		case 'starterProject':
			return parseFlag(raw, vocab);
		case 'status': {
			const n = norm(raw);
			if (n === '') return ok('planned');
			const key = (measureStatuses as readonly string[]).includes(n) ? (n as MeasureStatus) : vocab.statusLabels[n];
			return key ? ok(key) : err('workpaper.error.choice');
		}
	}
}

// ---------------------------------------------------------------------------------------------------------
// Comparing

export interface FieldChange {
	column: ContentColumn;
	from: string;
	to: string;
}
export interface FieldConflict {
	column: ContentColumn;
	base: string;
	current: string;
	file: string;
}

/**
 * Three-way comparison of one measure. With the values at export (`base`), a column counts as edited in the
 * file only where the file differs from the export; if the plan also changed that column since, to another
 * value, it is a conflict. Without a base (no or an unknown export stamp) every difference from the plan
 * counts as an edit and conflicts cannot be told.
 */
export function compareRow(
	file: Partial<CanonicalRow>,
	current: CanonicalRow,
	base: CanonicalRow | null
): { changes: FieldChange[]; conflicts: FieldConflict[] } {
	const changes: FieldChange[] = [];
	const conflicts: FieldConflict[] = [];
	for (const column of contentColumns) {
		const f = file[column];
		if (f === undefined) continue; // column not in the file: nothing to change
		const cur = current[column];
		if (f === cur) continue;
		if (!base) {
			changes.push({ column, from: cur, to: f });
			continue;
		}
		const b = base[column];
		if (f === b) continue; // not edited in the file; the plan's newer value stays
		if (cur === b) changes.push({ column, from: cur, to: f });
		else conflicts.push({ column, base: b, current: cur, file: f });
	}
	return { changes, conflicts };
}
