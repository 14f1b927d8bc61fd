import { z } from 'zod';
import { issuesToFieldErrors, optionalDate, requiredText, trimmed } from '../core/validate';
import { ValidationError, type FieldErrors } from '../core/errors';
import { addMonths, isoDate, legalBases, MAX_RETENTION_YEARS } from '../../domain/actors';
import { languageList } from './actor-input';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * A contact person: the minimum needed to reach them, and why and how long their data may be kept
 * (purpose, legal basis, consent with date and how it was given, retention date).
 */
export const contactInput = z.object({
	name: requiredText(200),
	roleTitle: trimmed(200).default(''),
	email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.union([z.literal(''), z.email().max(254)])).default(''),
	phone: trimmed(40)
		.refine((s) => /^[0-9+()/\s.-]*$/.test(s), 'error.phone')
		.default(''),
	languages: languageList.default([]),
	purpose: requiredText(1000),
	legalBasis: z.enum(legalBases),
	consentDate: optionalDate,
	consentMethod: trimmed(300).default(''),
	retentionUntil: z.preprocess(emptyToUndefined, z.iso.date())
});
export type ContactData = z.output<typeof contactInput>;

/** Validates a contact with its cross-field rules (consent documented, retention in the future and bounded). */
export function parseContactInput(raw: unknown, today = isoDate(new Date())): ContactData {
	const r = contactInput.safeParse(raw);
	const errors: FieldErrors = r.success ? {} : issuesToFieldErrors(r.error.issues);
	if (r.success) {
		const c = r.data;
		if (c.legalBasis === 'consent') {
			if (!c.consentDate) (errors.consentDate ??= []).push('error.consentDate');
			if (!c.consentMethod) (errors.consentMethod ??= []).push('error.consentMethod');
		}
		if (c.consentDate && c.consentDate > today) (errors.consentDate ??= []).push('error.futureDate');
		if (c.retentionUntil <= today) (errors.retentionUntil ??= []).push('error.retentionPast');
		else if (c.retentionUntil > addMonths(today, 12 * MAX_RETENTION_YEARS)) (errors.retentionUntil ??= []).push('error.retentionTooLong');
		if (!c.email && !c.phone) (errors.email ??= []).push('error.contactChannel');
	}
	if (!r.success || Object.keys(errors).length) throw new ValidationError(errors);
	return r.data;
}

/** What an audit entry may say about a contact: no name, address or phone number. */
export const contactAuditView = (actorId: string, c: Pick<ContactData, 'legalBasis' | 'retentionUntil'>, changed?: string[]) => ({
	actorId,
	legalBasis: c.legalBasis,
	retentionUntil: c.retentionUntil,
	...(changed ? { changedFields: changed } : {})
});
