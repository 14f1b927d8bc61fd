import { z } from 'zod';
import { optionalId, requiredText, trimmed, flag } from '../core/validate';
import { MAX_OPTIONS, questionKinds, TEXT_MAX_LIMIT } from '../../domain/surveys/model';

const optionalNumber = z.preprocess((v) => {
	if (v === '' || v === undefined || v === null) return null;
	if (typeof v === 'string') {
		const n = Number(v.trim().replace(',', '.'));
		return Number.isFinite(n) ? n : v;
	}
	return v;
}, z.number({ message: 'error.number' }).finite().nullable());

const optionalInt = (min: number, max: number) =>
	z.preprocess((v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' ? Number(v) : v), z.number({ message: 'error.number' }).int({ message: 'error.number' }).min(min).max(max).nullable());

export const surveyFields = {
	title: requiredText(200),
	description: trimmed(4000).default(''),
	districtId: optionalId,
	minFillSeconds: z.preprocess((v) => (v === '' || v === undefined ? 3 : typeof v === 'string' ? Number(v) : v), z.number({ message: 'error.number' }).int().min(0).max(120))
};
export const createSurveyInput = z.object(surveyFields);
export const updateSurveyInput = z.object(surveyFields).partial();

/** Options arrive as one per line from the form, or as an array from the API. */
const optionLabels = z.preprocess(
	(v) => (typeof v === 'string' ? v.split(/\r?\n/) : Array.isArray(v) ? v : v === undefined || v === null ? [] : v),
	z
		.array(z.string())
		.transform((a) => a.map((s) => s.trim()).filter(Boolean))
		.pipe(z.array(z.string().max(300)).max(MAX_OPTIONS))
);

export const questionInput = z
	.object({
		kind: z.enum(questionKinds),
		text: requiredText(1000),
		help: trimmed(2000).default(''),
		required: flag,
		personalData: flag,
		consentText: trimmed(2000).default(''),
		options: optionLabels,
		min: optionalNumber,
		max: optionalNumber,
		maxLength: optionalInt(1, TEXT_MAX_LIMIT),
		/** "<questionId>:<optionKey>" of an earlier choice question, or empty */
		condition: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().regex(/^[0-9a-f-]{36}:o\d{1,3}$/, { message: 'error.unknownReference' }).nullable())
	})
	.superRefine((q, ctx) => {
		if ((q.kind === 'single' || q.kind === 'multiple') && q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'error.survey.twoOptions' });
		if (q.kind === 'likert' && q.options.length !== 0 && q.options.length !== 5) ctx.addIssue({ code: 'custom', path: ['options'], message: 'error.survey.likertFive' });
		if (q.personalData && !q.consentText) ctx.addIssue({ code: 'custom', path: ['consentText'], message: 'error.survey.consentTextRequired' });
		if (q.min !== null && q.max !== null && q.min > q.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'error.survey.minAboveMax' });
	});
export type QuestionInput = z.output<typeof questionInput>;

export const statusInput = z.object({ status: z.enum(['draft', 'open', 'closed']) });
