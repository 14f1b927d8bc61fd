import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { canEditPlan, ownsSomePlan } from '../plans/policies';
import { readTableFile } from '../statistics/import/table-file';
import { MB } from '../statistics/import/input';
import { buildPreview } from './preview';
import { headerIndex } from './rows';
import { loadPlanState } from './state';
import { findExports, insertImport, measureIdsOfOtherPlans, userOf } from './workpaper.repository';

export const WORKPAPER_MAX_BYTES = 10 * MB;

/**
 * Reads an edited working paper and stores what it would change as a preview. Nothing of the plan is written
 * here; a file that cannot be read at all is refused with the reader's report and nothing is stored.
 */
export async function previewWorkpaperImport(opts: { ctx: CommandContext; planId: string; fileName: string; bytes: Uint8Array }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	const read = await readTableFile(opts.bytes, {
		filename: opts.fileName,
		limits: { maxBytes: WORKPAPER_MAX_BYTES, maxRows: 5_000, maxColumns: 100 }
	});
	return inTransaction(ctx, async (trx) => {
		const state = await loadPlanState(trx, municipalityId, opts.planId);
		if (!state) throw new NotFoundError('plan');
		assert(canEditPlan(ctx.principal, state.plan.districtId));
		if (!read.ok) {
			const first = read.issues.find((i) => i.severity === 'error') ?? read.issues[0];
			throw new ValidationError({ file: [first?.messageKey ?? 'workpaper.error.unreadable'] });
		}
		const table = read.table;
		const index = headerIndex();
		const stampColumn = table.header.findIndex((h) => index.get(h.replace(/\s+/g, ' ').trim().toLocaleLowerCase('de')) === 'stamp');
		const stamps = stampColumn >= 0 ? [...new Set(table.rows.map((r) => (r.cells[stampColumn] ?? '').trim()).filter(Boolean))] : [];
		const preview = buildPreview({
			table,
			vocab: state.vocab,
			refs: state.refs,
			current: state.current,
			otherPlanMeasureIds: await measureIdsOfOtherPlans(trx, municipalityId, state.plan.id),
			exports: await findExports(trx, municipalityId, state.plan.id, stamps)
		});
		const id = newId();
		const fileName = opts.fileName.replace(/[\u0000-\u001f]/g, '').slice(0, 200) || 'upload';
		await insertImport(trx, municipalityId, { id, planId: state.plan.id, exportId: preview.exportIds[0] ?? null, fileName, preview, createdAt: nowIso() }, userOf(ctx));
		return {
			result: { id },
			audit: {
				action: 'preview',
				entity: 'workpaper_import',
				entityId: id,
				after: { planId: state.plan.id, fileName, updates: preview.updates.length, creates: preview.creates.length, errors: preview.errors.length }
			}
		};
	});
}
