import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import type { ContentColumn } from '../../domain/workpaper';
import { parseMeasureInput } from '../plans/measure-input';
import { checkMeasureReferences, measureColumns, writeMeasureChildren } from '../plans/measure-writes';
import { canEditPlan, ownsSomePlan } from '../plans/policies';
import { applyChoices, toMeasureInput } from './preview';
import { loadPlanState } from './state';
import { findImport, finishImport } from './workpaper.repository';

/** Per conflict (`<measureId>:<column>`), which side wins; a conflict without a choice keeps the plan's value. */
export type ConflictChoices = Record<string, 'file' | 'current'>;

/**
 * Applies a confirmed preview: every change and every new measure in one transaction with one audit entry.
 * Refused when the preview has errors, is no longer pending, or a measure changed after the preview was made
 * (the person must look at the new state first).
 */
export async function applyWorkpaperImport(opts: { ctx: CommandContext; planId: string; importId: string; choices?: ConflictChoices }): Promise<{ updated: number; created: number }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	const choices = opts.choices ?? {};
	return inTransaction(ctx, async (trx) => {
		const imp = await findImport(trx, municipalityId, opts.planId, opts.importId);
		if (!imp) throw new NotFoundError('workpaper_import');
		const state = await loadPlanState(trx, municipalityId, imp.planId);
		if (!state) throw new NotFoundError('plan');
		assert(canEditPlan(ctx.principal, state.plan.districtId));
		if (imp.state !== 'pending') throw new ConflictError('workpaper.error.notPending');
		const p = imp.preview;
		if (p.errors.length) throw new ConflictError('workpaper.error.hasErrors');
		const byId = new Map(state.current.map((m) => [m.id, m]));
		const log: { measureId: string; changes: { column: ContentColumn; from: string; to: string }[] }[] = [];
		const now = nowIso();
		for (const u of p.updates) {
			const current = byId.get(u.measureId);
			if (!current || current.updatedAt !== u.stamp) throw new ConflictError('workpaper.error.changedSincePreview');
			const chosen = [
				...u.changes,
				...u.conflicts.filter((c) => choices[`${u.measureId}:${c.column}`] === 'file').map((c) => ({ column: c.column, from: c.current, to: c.file }))
			];
			if (!chosen.length) continue;
			const input = parseMeasureInput(toMeasureInput(applyChoices(current.row, chosen), state.refs, current.milestones));
			const measure = state.measures.find((m) => m.id === u.measureId)!;
			await checkMeasureReferences(trx, municipalityId, state.plan.id, input, measure.actionFieldId);
			await trx.updateTable('measure').set({ ...measureColumns(input), updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', u.measureId).execute();
			await writeMeasureChildren(trx, municipalityId, u.measureId, input, new Set(current.milestones.map((m) => m.id)));
			log.push({ measureId: u.measureId, changes: chosen.map((c) => ({ column: c.column, from: c.from, to: c.to })) });
		}
		const created: string[] = [];
		for (const c of p.creates) {
			const input = parseMeasureInput(toMeasureInput(c.values, state.refs));
			await checkMeasureReferences(trx, municipalityId, state.plan.id, input);
			const id = newId();
			await trx
				.insertInto('measure')
				.values({ id, municipality_id: municipalityId, action_plan_id: state.plan.id, ...measureColumns(input), created_at: now, updated_at: now })
				.execute();
			await writeMeasureChildren(trx, municipalityId, id, input);
			created.push(id);
		}
		if (!(await finishImport(trx, municipalityId, imp.id, 'applied', now))) throw new ConflictError('workpaper.error.notPending');
		return {
			result: { updated: log.length, created: created.length },
			audit: { action: 'import', entity: 'action_plan', entityId: state.plan.id, after: { importId: imp.id, fileName: imp.fileName, updated: log, created } }
		};
	});
}
