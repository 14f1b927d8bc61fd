import { z } from 'zod';
import { flag, idList, issuesToFieldErrors, optionalId } from '../core/validate';
import { ValidationError, type FieldErrors } from '../core/errors';
import { engagementKinds, NEED_TITLE_MAX, needChannels, needProblems, PUBLIC_NEED_MAX, raisedByKinds, rejectReasons, statementLanguages, targetGroups } from '../../domain/needs';

const toArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * Free text from residents' statements: control characters other than tab and line breaks are removed (PostgreSQL
 * refuses NUL in text, and they have no meaning here); markup is kept as typed and escaped on output.
 */
// eslint-disable-next-line no-control-regex
const stripControls = (v: unknown) => (typeof v === 'string' ? v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '') : v);
export const text = (max: number) => z.preprocess(stripControls, z.string().trim().max(max));
export const requiredFreeText = (max: number) => z.preprocess(stripControls, z.string().trim().min(1).max(max));

/** Latitude/longitude from a form ("52,52" or "52.52") or JSON (52.52); empty means none. */
export const coordinate = (limit: number, key: string) =>
	z.preprocess(
		(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v),
		z.number({ error: 'error.number' }).min(-limit, key).max(limit, key).nullable()
	);

/** A client-chosen key that makes a creation idempotent (form token, Idempotency-Key header, survey answer id). */
export const submissionKey = z.preprocess(
	emptyToUndefined,
	z
		.string()
		.max(120)
		.regex(/^[A-Za-z0-9:._-]+$/, 'error.invalid')
		.optional()
);

/** A list of enum values from repeated form fields or a JSON array. */
const enumList = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(toArray, z.array(z.enum(values)).max(values.length));

export const needFields = {
	actionFieldId: z.preprocess(emptyToUndefined, z.uuid()),
	title: requiredFreeText(200),
	statement: text(5000).default(''),
	channel: z.preprocess(emptyToUndefined, z.enum(needChannels).optional()),
	engagementId: optionalId,
	targetGroups: enumList(targetGroups),
	language: z.preprocess(emptyToUndefined, z.enum(statementLanguages).default('de')),
	placeLabel: text(200).default(''),
	placeLat: coordinate(90, 'error.latitude'),
	placeLon: coordinate(180, 'error.longitude'),
	raisedBy: z.preprocess(emptyToUndefined, z.enum(raisedByKinds).default('anonymous')),
	raisedByActorId: optionalId,
	raisedByText: text(200).default(''),
	consentRecorded: flag,
	internalNote: text(5000).default('')
};

export const createNeedInput = z.object({
	districtId: z.preprocess(emptyToUndefined, z.uuid()),
	...needFields,
	submissionKey
});
export const updateNeedInput = z.object({ ...needFields });

export type NeedData = z.output<typeof updateNeedInput>;
export type CreateNeedData = z.output<typeof createNeedInput>;

/**
 * Parses a need and checks the cross-field rules, reporting every problem at once. Anonymous means anonymous:
 * an actor or a text given alongside is dropped, and a person's name is only kept with recorded consent.
 */
export function parseNeedInput<S extends typeof createNeedInput | typeof updateNeedInput>(schema: S, raw: unknown): z.output<S> {
	const r = schema.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : collapse(issuesToFieldErrors(r.error.issues));
	if (r.success) {
		const d = r.data as NeedData;
		for (const [k, v] of Object.entries(needProblems({ ...d, raisedByActorId: d.raisedByActorId ?? null }))) (errors[k] ??= []).push(v);
		if (!d.channel && !d.engagementId) (errors.channel ??= []).push('error.required');
	}
	if (Object.keys(errors).length) throw new ValidationError(errors);
	const d = r.data! as z.output<S> & NeedData;
	if (d.raisedBy === 'anonymous') Object.assign(d, { raisedByActorId: null, raisedByText: '', consentRecorded: false });
	if (d.raisedBy === 'actor') Object.assign(d, { raisedByText: '' });
	if (d.raisedBy === 'group') Object.assign(d, { raisedByActorId: null, consentRecorded: false });
	if (d.raisedBy === 'person') Object.assign(d, { raisedByActorId: null });
	d.targetGroups = [...new Set(d.targetGroups)];
	return d;
}

function collapse(errors: FieldErrors): FieldErrors {
	const out: FieldErrors = {};
	for (const [k, v] of Object.entries(errors)) {
		const base = k.split('.')[0];
		out[base] = [...new Set([...(out[base] ?? []), ...v])];
	}
	return out;
}

/** State changes. */
export const takeUpNeedInput = z.object({
	goalIds: idList,
	measureIds: idList,
	publicReason: text(2000).default('')
});
export const mergeNeedInput = z.object({
	intoNeedId: z.preprocess(emptyToUndefined, z.uuid()),
	publicReason: text(2000).default('')
});
export const declineNeedInput = z.object({ publicReason: requiredFreeText(2000) });
export const reopenNeedInput = z.object({ publicReason: text(2000).default('') });

/** The API's one body for every state change, told apart by `state`. */
export const changeNeedStateInput = z.discriminatedUnion('state', [
	takeUpNeedInput.extend({ state: z.literal('taken_up') }),
	mergeNeedInput.extend({ state: z.literal('merged') }),
	declineNeedInput.extend({ state: z.literal('not_pursued') }),
	reopenNeedInput.extend({ state: z.literal('open') })
]);

export function parseListed<S extends z.ZodType>(schema: S, raw: unknown, lists: readonly string[]): z.output<S> {
	const r = schema.safeParse(raw);
	if (r.success) return r.data;
	const errors = issuesToFieldErrors(r.error.issues);
	const out: FieldErrors = {};
	for (const [k, v] of Object.entries(errors)) {
		const base = k.split('.')[0];
		const key = lists.includes(base) ? base : k;
		out[key] = [...new Set([...(out[key] ?? []), ...v])];
	}
	throw new ValidationError(out);
}

/** Engagements: an interview with a key person, a round table, a district forum … */
const count = z.preprocess(
	(v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
	z.number({ error: 'error.number' }).int('error.number').min(0, 'error.negative').max(100_000, 'error.tooBig').nullable()
);
export const engagementFields = {
	kind: z.preprocess(emptyToUndefined, z.enum(engagementKinds)),
	title: requiredFreeText(200),
	heldOn: z.preprocess(emptyToUndefined, z.iso.date()),
	place: text(200).default(''),
	actorIds: idList,
	participantCount: count,
	participants: text(2000).default(''),
	interpretingLanguages: enumList(statementLanguages),
	whisperCornerLanguages: enumList(statementLanguages),
	childcare: flag,
	stepFree: flag,
	accessibilityNotes: text(1000).default(''),
	notes: text(20_000).default('')
};
export const createEngagementInput = z.object({ districtId: z.preprocess(emptyToUndefined, z.uuid()), ...engagementFields, submissionKey });
export const updateEngagementInput = z.object({ ...engagementFields });
export type EngagementData = z.output<typeof updateEngagementInput>;

export const engagementLists = ['actorIds', 'interpretingLanguages', 'whisperCornerLanguages'];

/**
 * What a resident sends through the public online form (no login). The e-mail address is optional and only
 * taken with the consent box ticked; `formKey` is the one-time key of the served form (double submission).
 */
export const publicNeedInput = z.object({
	text: requiredFreeText(PUBLIC_NEED_MAX),
	actionFieldId: z.preprocess(emptyToUndefined, z.uuid().optional()),
	targetGroup: z.preprocess(emptyToUndefined, z.enum(targetGroups).optional()),
	placeLabel: text(200).default(''),
	language: z.preprocess(emptyToUndefined, z.enum(statementLanguages).default('de')),
	email: z.preprocess(emptyToUndefined, z.email().max(200).optional()),
	contactConsent: flag,
	formKey: z.preprocess(emptyToUndefined, z.uuid('error.needForm.expired'))
});
export type PublicNeedData = z.output<typeof publicNeedInput>;

export function parsePublicNeedInput(raw: unknown): PublicNeedData {
	const r = publicNeedInput.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : collapse(issuesToFieldErrors(r.error.issues));
	if (errors.formKey) {
		errors._form = ['error.needForm.expired'];
		delete errors.formKey;
	}
	if (r.success && r.data.email && !r.data.contactConsent) errors.contactConsent = ['error.needForm.consentRequired'];
	if (Object.keys(errors).length) throw new ValidationError(errors);
	return r.data!;
}

/** Staff accept a public submission: it becomes an open need with a public summary and a field of action. */
export const acceptNeedInput = z.object({
	title: requiredFreeText(NEED_TITLE_MAX),
	actionFieldId: z.preprocess(emptyToUndefined, z.uuid())
});

/** Staff reject a public submission as spam or inappropriate. */
export const rejectNeedInput = z.object({ reason: z.preprocess(emptyToUndefined, z.enum(rejectReasons)) });

/** The API's one body for reviewing a public submission, told apart by `decision` (merging goes through the state change). */
export const reviewNeedInput = z.discriminatedUnion('decision', [acceptNeedInput.extend({ decision: z.literal('accept') }), rejectNeedInput.extend({ decision: z.literal('reject') })]);
