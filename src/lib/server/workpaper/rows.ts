/**
 * From the plan's measures to the cells of a working paper, and the vocabulary that reads them back.
 */
import { locales, translate, translator, type Locale, type Translate } from '../../i18n';
import {
	canonicalRow,
	LIST_SEPARATOR,
	parseCanonicalMilestones,
	workpaperColumns,
	type CanonicalRow,
	type MeasureForWorkpaper,
	type WorkpaperColumn,
	type WorkpaperVocabulary
} from '../../domain/workpaper';
import { measureStatuses, spatialScopes, type MeasureStatus, type SpatialScope } from '../../domain/plans';

export type Cell =
	| { kind: 'text'; value: string }
	| { kind: 'date'; value: string }
	| { kind: 'money'; cents: number }
	| { kind: 'number'; value: number }
	| { kind: 'empty' };

export interface Sheet {
	name: string;
	header: string[];
	/** Column widths in characters (spreadsheets only). */
	widths: number[];
	rows: Cell[][];
}

const text = (value: string): Cell => (value === '' ? { kind: 'empty' } : { kind: 'text', value });
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

export const headerLabel = (t: Translate, c: WorkpaperColumn) => t(`workpaper.col.${c}`);

const WIDTHS: Record<WorkpaperColumn, number> = {
	id: 38, stamp: 38, title: 40, description: 60, actionField: 28, goals: 40, lead: 28, partners: 36, startDate: 12, endDate: 12,
	milestones: 44, cost: 14, fundingSource: 28, spatialScope: 20, siteLabel: 24, siteLat: 11, siteLon: 11, decidableLocally: 12,
	integrated: 12, starterProject: 12, status: 16
};

/** One row of cells per measure, in the order of {@link workpaperColumns}. */
export function measureCells(id: string, stamp: string, row: CanonicalRow, t: Translate): Cell[] {
	const yesNo = (v: string) => text(v === 'true' ? t('common.yes') : t('common.no'));
	const cells: Record<WorkpaperColumn, Cell> = {
		id: text(id),
		stamp: text(stamp),
		title: text(row.title),
		description: text(row.description),
		actionField: text(row.actionField),
		goals: text(row.goals),
		lead: text(row.lead),
		partners: text(row.partners),
		startDate: row.startDate ? { kind: 'date', value: row.startDate } : { kind: 'empty' },
		endDate: row.endDate ? { kind: 'date', value: row.endDate } : { kind: 'empty' },
		milestones: text(
			parseCanonicalMilestones(row.milestones)
				.map((m) => `${germanDate(m.dueDate)} ${m.title}${m.done ? ` (${t('measure.milestone.done')})` : ''}`)
				.join(LIST_SEPARATOR)
		),
		cost: row.cost === '' ? { kind: 'empty' } : { kind: 'money', cents: Number(row.cost) },
		fundingSource: text(row.fundingSource),
		spatialScope: text(t(`measure.scope.${row.spatialScope}`)),
		siteLabel: text(row.siteLabel),
		siteLat: row.siteLat === '' ? { kind: 'empty' } : { kind: 'number', value: Number(row.siteLat) },
		siteLon: row.siteLon === '' ? { kind: 'empty' } : { kind: 'number', value: Number(row.siteLon) },
		decidableLocally: yesNo(row.decidableLocally),
		integrated: yesNo(row.integrated),
		starterProject: yesNo(row.starterProject),
		status: text(t(`measure.status.${row.status}`))
	};
	return workpaperColumns.map((c) => cells[c]);
}

export function measuresSheet(t: Translate, measures: { id: string; row: CanonicalRow }[], stamp: string): Sheet {
	return {
		name: t('workpaper.sheet.measures'),
		header: workpaperColumns.map((c) => headerLabel(t, c)),
		widths: workpaperColumns.map((c) => WIDTHS[c]),
		rows: measures.map((m) => measureCells(m.id, stamp, m.row, t))
	};
}

/** A second sheet for people: what each column means and which values it takes. */
export function notesSheet(t: Translate, vocab: { actionFields: string[]; goals: string[]; actors: string[] }): Sheet {
	const rows: Cell[][] = workpaperColumns.map((c) => [text(headerLabel(t, c)), text(t(`workpaper.hint.${c}`))]);
	const list = (label: string, values: string[]) => rows.push([text(label), text(values.join(LIST_SEPARATOR))]);
	rows.push([{ kind: 'empty' }, { kind: 'empty' }]);
	list(t('workpaper.notes.statuses'), measureStatuses.map((s) => t(`measure.status.${s}`)));
	list(t('workpaper.notes.scopes'), spatialScopes.map((s) => t(`measure.scope.${s}`)));
	list(t('workpaper.notes.actionFields'), vocab.actionFields);
	list(t('workpaper.notes.goals'), vocab.goals);
	list(t('workpaper.notes.actors'), vocab.actors);
	return { name: t('workpaper.sheet.notes'), header: [t('workpaper.notes.column'), t('workpaper.notes.meaning')], widths: [28, 100], rows };
}

/** Header label (any offered language, or the column key) → column. */
export function headerIndex(): Map<string, WorkpaperColumn> {
	const m = new Map<string, WorkpaperColumn>();
	for (const c of workpaperColumns) {
		m.set(c.toLocaleLowerCase('de'), c);
		for (const l of ['de', 'en'] as Locale[]) m.set(translate(l, `workpaper.col.${c}`).toLocaleLowerCase('de'), c);
	}
	return m;
}

/** What cells may say: names of the plan's world and the labels of enumerations in every language. */
export function vocabulary(names: { actionFields: string[]; goals: string[]; actors: string[] }): WorkpaperVocabulary {
	const scopeLabels: Record<string, SpatialScope> = {};
	const statusLabels: Record<string, MeasureStatus> = {};
	const yes = new Set(['ja', 'yes', 'x', 'wahr', 'true', '1', 'j', 'y']);
	const no = new Set(['nein', 'no', 'falsch', 'false', '0', 'n', '-']);
	const done = new Set(['x', 'done', 'erledigt']);
	for (const l of locales) {
		const t = translator(l);
		for (const s of spatialScopes) scopeLabels[t(`measure.scope.${s}`).toLocaleLowerCase('de')] = s;
		for (const s of measureStatuses) statusLabels[t(`measure.status.${s}`).toLocaleLowerCase('de')] = s;
		yes.add(t('common.yes').toLocaleLowerCase('de'));
		no.add(t('common.no').toLocaleLowerCase('de'));
		done.add(t('measure.milestone.done').toLocaleLowerCase('de'));
	}
	return { ...names, scopeLabels, statusLabels, yes: [...yes], no: [...no], doneMarkers: [...done] };
}

export { canonicalRow, type MeasureForWorkpaper };
