import { z } from 'zod';
import { flag, optionalDate, requiredText, trimmed } from '../core/validate';
import { assessmentMethods, complianceStates, feedbackTopics, licenceIds, portalLocales } from '../../domain/portal';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : v);
const optionalUrl = z.preprocess(text, z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'error.url' }).max(500)])).default('');
const optionalEmail = z.preprocess(text, z.union([z.literal(''), z.email({ error: 'error.email' }).max(254)])).default('');
const optionalPhone = z.preprocess(text, z.union([z.literal(''), z.string().max(40).regex(/^[0-9 +()/.-]+$/, { error: 'error.phone' })])).default('');
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** The portal settings of a municipality (admin form and API). German is always among the languages. */
export const portalSettingsInput = z
	.object({
		enabled: flag,
		languages: z.preprocess(list, z.array(z.enum(portalLocales, { error: 'error.invalidChoice' })).max(portalLocales.length)).transform((l) => portalLocales.filter((x) => x === 'de' || l.includes(x))),
		licence: z.enum(licenceIds as [string, ...string[]], { error: 'error.invalidChoice' }),
		attribution: trimmed(300).default(''),
		imprintUrl: optionalUrl,
		privacyUrl: optionalUrl,
		feedbackEmail: optionalEmail,
		feedbackPhone: optionalPhone,
		a11yStatus: z.enum(complianceStates, { error: 'error.invalidChoice' }),
		a11yNonAccessible: trimmed(10_000).default(''),
		a11yPreparedOn: optionalDate,
		a11yReviewedOn: optionalDate,
		a11yMethod: z.enum(assessmentMethods, { error: 'error.invalidChoice' }),
		a11yEnforcementBody: requiredText(2000),
		a11yEnforcementUrl: optionalUrl
	})
	.superRefine((o, ctx) => {
		// BITV 2.0 § 7: the statement needs a date of preparation and a way to report barriers.
		if (o.enabled && !o.a11yPreparedOn) ctx.addIssue({ code: 'custom', path: ['a11yPreparedOn'], message: 'error.required' });
		if (o.enabled && !o.feedbackEmail && !o.feedbackPhone) ctx.addIssue({ code: 'custom', path: ['feedbackEmail'], message: 'error.portalContactRequired' });
		if (o.a11yStatus !== 'full' && !o.a11yNonAccessible) ctx.addIssue({ code: 'custom', path: ['a11yNonAccessible'], message: 'error.required' });
		if (o.a11yPreparedOn && o.a11yReviewedOn && o.a11yReviewedOn < o.a11yPreparedOn) ctx.addIssue({ code: 'custom', path: ['a11yReviewedOn'], message: 'error.portalReviewBeforePrepared' });
	});
export type PortalSettingsInput = z.output<typeof portalSettingsInput>;

/** A news item (coordination). district: empty for the whole municipality. */
export const newsInput = z.object({
	districtId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.uuid({ error: 'error.unknownReference' }).nullable()),
	title: requiredText(200),
	body: trimmed(20_000).default(''),
	publishedOn: z.preprocess(emptyToUndefined, z.iso.date({ error: 'error.date' })),
	published: flag
});
export type NewsInput = z.output<typeof newsInput>;

/** A message from the public feedback form. `website` is the honeypot: people leave it empty, bots fill it. */
export const feedbackInput = z.object({
	topic: z.enum(feedbackTopics, { error: 'error.invalidChoice' }),
	message: requiredText(5000),
	name: trimmed(200).default(''),
	email: optionalEmail,
	pageUrl: z.preprocess(text, z.string().max(500).regex(/^(\/[^\s]*)?$/, { error: 'error.invalid' })).default(''),
	website: z.string().max(500).optional()
});
export type FeedbackInput = z.output<typeof feedbackInput>;
