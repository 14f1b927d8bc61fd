import { stringify } from 'csv-stringify/sync';
import type { Translate } from '../../i18n';
import { centsToGermanDecimal } from '../../domain/money';
import type { Measure } from './measures.repository';

const germanDate = (iso: string | null): string => (iso ? iso.split('-').reverse().join('.') : '');

/**
 * The plan table as German CSV: semicolon-separated, decimal comma, dates as TT.MM.JJJJ, UTF-8 with BOM so
 * that spreadsheet programs open umlauts correctly. Cells that would start a formula are prefixed with an
 * apostrophe (CSV injection).
 */
export function measuresCsv(measures: Measure[], t: Translate): string {
	const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
	const header = [
		t('measure.col.title'),
		t('measure.field.description'),
		t('measure.col.field'),
		t('measure.col.goals'),
		t('measure.col.lead'),
		t('measure.col.partners'),
		t('measure.col.start'),
		t('measure.col.end'),
		t('measure.col.milestones'),
		t('measure.col.cost'),
		t('measure.col.funding'),
		t('measure.col.spatial'),
		t('measure.field.siteLabel'),
		t('measure.field.siteLat'),
		t('measure.field.siteLon'),
		t('measure.flag.decidableLocally'),
		t('measure.flag.integrated'),
		t('measure.flag.starterProject'),
		t('measure.col.status')
	];
	const yes = t('common.yes');
	const no = t('common.no');
	const rows = measures.map((m) =>
		[
			m.title,
			m.description,
			m.actionFieldName,
			m.goals.map((g) => g.title).join(' | '),
			m.leadActorName ?? '',
			m.partners.map((p) => p.name).join(' | '),
			germanDate(m.startDate),
			germanDate(m.endDate),
			m.milestones.map((x) => `${germanDate(x.dueDate)} ${x.title}${x.done ? ` (${t('measure.milestone.done')})` : ''}`).join(' | '),
			m.costCents === null ? '' : centsToGermanDecimal(m.costCents).replace(/\./g, ''),
			m.fundingSource,
			t(`measure.scope.${m.spatialScope}`),
			m.siteLabel,
			m.siteLat === null ? '' : String(m.siteLat).replace('.', ','),
			m.siteLon === null ? '' : String(m.siteLon).replace('.', ','),
			m.decidableLocally ? yes : no,
			m.integrated ? yes : no,
			m.starterProject ? yes : no,
			t(`measure.status.${m.status}`)
		].map(safe)
	);
	return '\uFEFF' + stringify([header, ...rows], { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[;"\r\n]/ });
}
