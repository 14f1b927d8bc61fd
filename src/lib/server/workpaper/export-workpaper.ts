import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert, isMember } from '../core/policies';
import type { Translate } from '../../i18n';
import type { CanonicalRow } from '../../domain/workpaper';
import { contentTypes, writeCsv, writeOds, writeXlsx, type WorkpaperFormat } from './formats';
import { measuresSheet, notesSheet } from './rows';
import { loadPlanState } from './state';
import { insertExport, userOf } from './workpaper.repository';

export interface WorkpaperFile {
	fileName: string;
	contentType: string;
	bytes: Uint8Array;
}

const slug = (s: string) =>
	s
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'ss')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60) || 'plan';

/**
 * Writes the plan as a working paper, one row per measure with every field. The export is remembered (the
 * values of every measure as the file shows them) so that a re-import can tell the editor's changes from
 * changes made in Quartier meanwhile; each row carries the export's id in its "Stand" column.
 */
export async function exportWorkpaper(opts: { ctx: CommandContext; planId: string; format: WorkpaperFormat; t: Translate }): Promise<WorkpaperFile> {
	const { ctx, t } = opts;
	assert(isMember(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const state = await loadPlanState(trx, municipalityId, opts.planId);
		if (!state) throw new NotFoundError('plan');
		const id = newId();
		const rows: Record<string, CanonicalRow> = Object.fromEntries(state.current.map((m) => [m.id, m.row]));
		await insertExport(trx, municipalityId, { id, planId: state.plan.id, format: opts.format, rows, createdAt: nowIso() }, userOf(ctx));
		const sheet = measuresSheet(t, state.current, id);
		const title = t('workpaper.fileTitle', { plan: state.plan.title });
		const bytes =
			opts.format === 'csv'
				? writeCsv(sheet)
				: opts.format === 'xlsx'
					? await writeXlsx([sheet, notesSheet(t, state.listNames)], title)
					: writeOds([sheet, notesSheet(t, state.listNames)], title);
		const fileName = `${slug(t('workpaper.filePrefix'))}-${slug(state.plan.title)}-${nowIso().slice(0, 10)}.${opts.format}`;
		return {
			result: { fileName, contentType: contentTypes[opts.format], bytes },
			audit: { action: 'export', entity: 'action_plan', entityId: state.plan.id, after: { exportId: id, format: opts.format, measures: state.current.length } }
		};
	});
}
