import { z } from 'zod';
import { issuesToFieldErrors, optionalDate, requiredText, trimmed } from '../core/validate';
import { ValidationError, type FieldErrors } from '../core/errors';
import { MAX_CENTS, parseMoney } from '../../domain/money';
import { isoDate, parseTime, targetGroups, weekdays } from '../../domain/actors';
import { languageList } from './actor-input';

const toArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const coordinate = (limit: number, key: string) =>
	z.preprocess(
		(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v),
		z.number({ error: 'error.number' }).min(-limit, key).max(limit, key).nullable()
	);
const time = z.preprocess(
	(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? (parseTime(v) ?? 'invalid') : v),
	z.string().regex(/^\d{2}:\d{2}$/, 'error.time').nullable()
);

/**
 * An ongoing offer of an actor. Cost comes as `costCents` (API) or `cost` (a German amount such as
 * "2,50 €"; empty = unknown, 0 = free of charge); the cross-field rules are checked by parseActivityInput.
 */
export const activityInput = z.object({
	actionFieldId: z.preprocess(emptyToUndefined, z.uuid()),
	title: requiredText(300),
	description: trimmed(5000).default(''),
	targetGroups: z.preprocess(toArray, z.array(z.enum(targetGroups)).max(targetGroups.length)).transform((l) => [...new Set(l)]).default([]),
	languages: languageList.default([]),
	address: trimmed(300).default(''),
	lat: coordinate(90, 'error.latitude'),
	lon: coordinate(180, 'error.longitude'),
	schedule: trimmed(500).default(''),
	weekdays: z.preprocess(toArray, z.array(z.enum(weekdays)).max(7)).transform((l) => weekdays.filter((d) => l.includes(d))).default([]),
	startTime: time,
	endTime: time,
	cost: z.union([z.string().max(40, 'error.money'), z.number()]).nullable().optional(),
	costCents: z.number().int().min(0, 'error.negative').max(MAX_CENTS, 'error.tooBig').nullable().optional(),
	source: trimmed(500).default(''),
	lastConfirmedOn: optionalDate
});
export const createActivityInput = activityInput.extend({ actorId: z.preprocess(emptyToUndefined, z.uuid()) });

export type ActivityData = Omit<z.output<typeof activityInput>, 'cost' | 'costCents'> & { costCents: number | null };

function costCents(o: Record<string, unknown>, errors: FieldErrors): number | null {
	if (o.costCents !== undefined) return (o.costCents as number | null) ?? null;
	const cost = o.cost;
	if (cost === undefined || cost === null || (typeof cost === 'string' && cost.trim() === '')) return null;
	if (typeof cost === 'number') {
		if (!Number.isFinite(cost)) errors.cost = ['error.money'];
		else if (cost < 0) errors.cost = ['error.negative'];
		else if (cost * 100 > MAX_CENTS) errors.cost = ['error.tooBig'];
		else return Math.round(cost * 100);
		return null;
	}
	if (typeof cost !== 'string') return null;
	const r = parseMoney(cost);
	if (r.ok) return r.cents;
	errors.cost = [r.error];
	return null;
}

function validate<S extends typeof activityInput | typeof createActivityInput>(schema: S, raw: unknown, today: string): ActivityData & { actorId?: string } {
	const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
	const r = schema.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : issuesToFieldErrors(r.error.issues);
	const cents = costCents(o, errors);
	// Cross-field rules on the fields that are valid on their own, so every problem is reported at once.
	const shape = activityInput.shape;
	const lat = shape.lat.safeParse(o.lat);
	const lon = shape.lon.safeParse(o.lon);
	if (lat.success && lon.success && (lat.data === null) !== (lon.data === null)) (errors[lat.data === null ? 'lat' : 'lon'] ??= []).push('error.latLonPair');
	const start = shape.startTime.safeParse(o.startTime);
	const end = shape.endTime.safeParse(o.endTime);
	if (start.success && end.success && start.data && end.data && end.data <= start.data) (errors.endTime ??= []).push('error.endBeforeStart');
	const confirmed = shape.lastConfirmedOn.safeParse(o.lastConfirmedOn);
	if (confirmed.success && confirmed.data && confirmed.data > today) (errors.lastConfirmedOn ??= []).push('error.futureDate');
	if (!r.success || Object.keys(errors).length) {
		// Arrays report per element ("languages.2"); the form shows one message at the field.
		const out: FieldErrors = {};
		for (const [k, v] of Object.entries(errors)) {
			const key = k.replace(/\.\d+$/, '');
			out[key] = [...new Set([...(out[key] ?? []), ...v])];
		}
		throw new ValidationError(out);
	}
	const { cost: _c, costCents: _cc, ...rest } = r.data as z.output<typeof createActivityInput>;
	return { ...rest, costCents: cents };
}

export const parseActivityInput = (raw: unknown, today = isoDate(new Date())): ActivityData => validate(activityInput, raw, today);
export const parseCreateActivityInput = (raw: unknown, today = isoDate(new Date())): ActivityData & { actorId: string } =>
	validate(createActivityInput, raw, today) as ActivityData & { actorId: string };
