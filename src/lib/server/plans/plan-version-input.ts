/** Inputs of the plan version commands and the plan rules (shared by forms, API and OpenAPI). */
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../core/errors';
import { issuesToFieldErrors, optionalDate, requiredText, trimmed } from '../core/validate';
import { ruleIntervals } from '../../domain/plans/snapshot';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** Today as 'YYYY-MM-DD' where the councils sit (a resolution "today" must be accepted at 00:30 too). */
export const todayInGermany = (now = new Date()): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** Earliest plausible date of a resolution or rule date (typing "0202" for "2020" is caught). */
export const EARLIEST_DATE = '1990-01-01';
export const LATEST_RULE_DATE = '2100-12-31';

export const submitPlanVersionInput = z.object({
	note: trimmed(2000).default('').meta({ description: 'What this version is for (e.g. "Vorlage für den Rat am 12.03.2026")' })
});

export const withdrawPlanVersionInput = z.object({
	reason: trimmed(2000).default('')
});

export const resolvePlanVersionInput = z.object({
	body: requiredText(200).meta({ description: 'The body that resolved the plan, e.g. "Rat der Stadt", "Ausschuss für Soziales"' }),
	date: z.preprocess(emptyToUndefined, z.iso.date()).meta({ description: 'Resolution date YYYY-MM-DD; not in the future' }),
	referenceNumber: requiredText(100).meta({ description: 'Reference number of the council paper (Drucksache / Vorlage)' }),
	link: z
		.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : v), z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'error.url' }).max(500)]))
		.default('')
		.meta({ description: 'Link to the resolution in the council information system (http/https)' }),
	notes: trimmed(5000).default('')
});
export type ResolvePlanVersionInput = z.output<typeof resolvePlanVersionInput>;

/** Parses a resolution: every field problem at once, plus the date rules (not in the future, not implausibly early). */
export function parseResolution(raw: unknown, today = todayInGermany()): ResolvePlanVersionInput {
	const r = resolvePlanVersionInput.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : issuesToFieldErrors(r.error.issues);
	// The date rules are checked even when other fields are missing, so the form shows every problem at once.
	const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
	const date = resolvePlanVersionInput.shape.date.safeParse(o.date);
	if (date.success && !errors.date) {
		if (date.data > today) errors.date = ['error.dateInFuture'];
		else if (date.data < EARLIEST_DATE) errors.date = ['error.dateTooEarly'];
	}
	if (!r.success || Object.keys(errors).length) throw new ValidationError(errors);
	return r.data;
}

const interval = z.preprocess(
	(v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v) : v),
	z
		.number({ error: 'error.invalidChoice' })
		.int('error.invalidChoice')
		.refine((n) => (ruleIntervals as readonly number[]).includes(n), 'error.invalidChoice')
		.nullable()
);
const who = trimmed(200).default('');
const notes = trimmed(10_000).default('');

/** The plan's rules for reporting (who, to whom, how often, next report), evaluation and revision. */
export const planRulesInput = z.object({
	reportingBy: who,
	reportingTo: who,
	reportingInterval: interval.meta({ description: `Months between reports: one of ${ruleIntervals.join(', ')}` }),
	reportingNextDate: optionalDate,
	reportingNotes: notes,
	evaluationBy: who,
	evaluationInterval: interval,
	evaluationNextDate: optionalDate,
	evaluationNotes: notes,
	revisionBy: who,
	revisionInterval: interval,
	revisionNextDate: optionalDate,
	revisionNotes: notes
});
export type PlanRulesInput = z.output<typeof planRulesInput>;

/** A rule with a cycle needs someone responsible; dates must be plausible. All problems at once. */
export function parsePlanRules(raw: unknown): PlanRulesInput {
	const r = planRulesInput.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : issuesToFieldErrors(r.error.issues);
	if (r.success) {
		for (const k of ['reporting', 'evaluation', 'revision'] as const) {
			if (r.data[`${k}Interval`] !== null && !r.data[`${k}By`]) errors[`${k}By`] = ['error.ruleNeedsResponsible'];
			const d = r.data[`${k}NextDate`];
			if (d !== null && (d < EARLIEST_DATE || d > LATEST_RULE_DATE)) errors[`${k}NextDate`] = ['error.dateOutOfRange'];
		}
		if (r.data.reportingTo && !r.data.reportingBy) errors.reportingBy = ['error.ruleNeedsResponsible'];
	}
	if (!r.success || Object.keys(errors).length) throw new ValidationError(errors);
	return r.data;
}
