import { z } from 'zod';
import { flag, idList, issuesToFieldErrors, optionalDate, optionalId, requiredText, trimmed } from '../core/validate';
import { ValidationError, type FieldErrors } from '../core/errors';
import { MAX_CENTS, parseMoney } from '../../domain/money';
import { endBeforeStart, measureStatuses, siteProblems, spatialScopes, type MeasureStatus, type SpatialScope } from '../../domain/plans';
import type { SnapshotMeasure } from '../../domain/plans/snapshot';
import { collapseListPaths } from './references';

const toArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const requiredId = z.preprocess(emptyToUndefined, z.uuid());

/** Latitude/longitude from a form ("52,52" or "52.52") or JSON (52.52); empty means none. */
const coordinate = (limit: number, key: string) =>
	z.preprocess(
		(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v),
		z.number({ error: 'error.number' }).min(-limit, key).max(limit, key).nullable()
	);

export const milestoneInput = z.object({
	/** Present when an existing milestone is kept (its id stays stable for progress reports). */
	id: optionalId.optional(),
	title: requiredText(200),
	dueDate: z.preprocess(emptyToUndefined, z.iso.date()),
	done: flag
});

/**
 * Every field of a measure. Cost comes as `costCents` (an integer, API) or as `cost` (a German amount such
 * as "12.500,00" from a form, or a number of euros); the cross-field rules (end ≥ start, site, cost) are
 * checked by parseMeasureInput so that all problems are reported together.
 */
export const measureInput = z.object({
	actionFieldId: requiredId,
	title: requiredText(300),
	description: trimmed(10_000).default(''),
	goalIds: z.preprocess(toArray, z.array(z.uuid()).min(1).max(200)),
	leadActorId: optionalId,
	partnerActorIds: idList,
	startDate: optionalDate,
	endDate: optionalDate,
	milestones: z.array(milestoneInput).max(100).default([]),
	cost: z.union([z.string().max(40, 'error.money'), z.number()]).nullable().optional(),
	costCents: z.number().int().min(0, 'error.negative').max(MAX_CENTS, 'error.tooBig').nullable().optional(),
	fundingSource: trimmed(300).default(''),
	spatialScope: z.enum(spatialScopes).default('district'),
	siteLabel: trimmed(200).default(''),
	siteLat: coordinate(90, 'error.latitude'),
	siteLon: coordinate(180, 'error.longitude'),
	decidableLocally: flag,
	integrated: flag,
	starterProject: flag,
	status: z.enum(measureStatuses).default('planned')
});
export const createMeasureInput = measureInput.extend({ planId: z.uuid() });

export type MeasureData = Omit<z.output<typeof measureInput>, 'cost' | 'costCents'> & { costCents: number | null };

function costCents(o: Record<string, unknown>, errors: FieldErrors): number | null {
	if (o.costCents !== undefined) return (o.costCents as number | null) ?? null; // validated by the schema
	const cost = o.cost;
	if (cost === undefined || cost === null || (typeof cost === 'string' && cost.trim() === '')) return null;
	if (typeof cost === 'number') {
		if (!Number.isFinite(cost)) errors.cost = ['error.money'];
		else if (cost < 0) errors.cost = ['error.negative'];
		else if (cost * 100 > MAX_CENTS) errors.cost = ['error.tooBig'];
		else return Math.round(cost * 100);
		return null;
	}
	if (typeof cost !== 'string') return null; // the schema reports the type
	const r = parseMoney(cost);
	if (r.ok) return r.cents;
	errors.cost = [r.error];
	return null;
}

const shape = measureInput.shape;

function validate(schema: z.ZodType, raw: unknown): MeasureData & { planId?: string } {
	const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
	const r = schema.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : issuesToFieldErrors(r.error.issues);
	const cents = costCents(o, errors);
	const start = shape.startDate.safeParse(o.startDate);
	const end = shape.endDate.safeParse(o.endDate);
	if (start.success && end.success && endBeforeStart(start.data, end.data)) (errors.endDate ??= []).push('error.endBeforeStart');
	const scope = shape.spatialScope.safeParse(o.spatialScope);
	const label = shape.siteLabel.safeParse(o.siteLabel);
	const lat = shape.siteLat.safeParse(o.siteLat);
	const lon = shape.siteLon.safeParse(o.siteLon);
	if (scope.success && label.success && lat.success && lon.success) {
		for (const [k, v] of Object.entries(siteProblems({ spatialScope: scope.data, siteLabel: label.data, siteLat: lat.data, siteLon: lon.data }))) (errors[k] ??= []).push(v);
	}
	if (!r.success || Object.keys(errors).length) throw new ValidationError(collapseListPaths(errors, ['goalIds', 'partnerActorIds']));
	const { cost: _c, costCents: _cc, ...rest } = r.data as z.output<typeof createMeasureInput>;
	return { ...rest, costCents: cents };
}

/** Validates a measure with its cross-field rules; throws one ValidationError with every problem. */
export const parseMeasureInput = (raw: unknown): MeasureData => validate(measureInput, raw);
export const parseCreateMeasureInput = (raw: unknown): MeasureData & { planId: string } => validate(createMeasureInput, raw) as MeasureData & { planId: string };

/**
 * The content of a stored measure in the shape of the input (ids of goals and partners instead of the joined
 * rows). One typed mapper for both uses: merging a partial update into the stored measure (and the audit's
 * "before"), and a measure in a plan snapshot (plan-versions.repository), which adds only the id.
 */
export type MeasureContent = Omit<SnapshotMeasure, 'id'>;

export function measureToInput(m: {
	actionFieldId: string;
	title: string;
	description: string;
	goals: readonly { id: string }[];
	leadActorId: string | null;
	partners: readonly { id: string }[];
	startDate: string | null;
	endDate: string | null;
	milestones: readonly { id: string; title: string; dueDate: string; done: boolean }[];
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
}): MeasureContent {
	return {
		actionFieldId: m.actionFieldId,
		title: m.title,
		description: m.description,
		goalIds: m.goals.map((g) => g.id),
		leadActorId: m.leadActorId,
		partnerActorIds: m.partners.map((p) => p.id),
		startDate: m.startDate,
		endDate: m.endDate,
		milestones: m.milestones.map((x) => ({ id: x.id, title: x.title, dueDate: x.dueDate, done: x.done })),
		costCents: m.costCents,
		fundingSource: m.fundingSource,
		spatialScope: m.spatialScope,
		siteLabel: m.siteLabel,
		siteLat: m.siteLat,
		siteLon: m.siteLon,
		decidableLocally: m.decidableLocally,
		integrated: m.integrated,
		starterProject: m.starterProject,
		status: m.status
	};
}
