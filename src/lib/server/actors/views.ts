import { centsToGermanDecimal } from '../../domain/money';
import { languageCodes, type ActorFilter } from '../../domain/actors';
import { actorKinds, actorLevels, type Activity, type ActorProfile, type Contact } from './actors.repository';

const oneOf = (list: readonly string[], v: string | null) => (v && list.includes(v) ? v : '');

/** The search and filters of the actor list from the query string (unknown values are ignored). */
export function filterFromUrl(url: URL, fieldIds: readonly string[]): Required<Omit<ActorFilter, 'keyPerson'>> & { keyPerson: boolean } {
	const p = url.searchParams;
	return {
		q: (p.get('q') ?? '').trim().slice(0, 200),
		kind: oneOf(actorKinds, p.get('kind')),
		level: oneOf(actorLevels, p.get('level')),
		fieldId: oneOf(fieldIds, p.get('field')),
		language: oneOf(languageCodes, p.get('language')),
		keyPerson: p.get('keyPerson') === 'on'
	};
}

/** A profile as form values (checkbox lists as arrays, the flag as 'on'). */
export const profileToForm = (p: ActorProfile): Record<string, string | string[]> => ({
	name: p.name,
	kind: p.kind,
	level: p.level,
	function: p.function,
	interests: p.interests,
	resources: p.resources,
	motivation: p.motivation,
	address: p.address,
	website: p.website,
	languages: p.languages,
	keyPerson: p.keyPerson ? 'on' : '',
	actionFieldIds: p.actionFieldIds
});

export const activityToForm = (a: Activity): Record<string, string | string[]> => ({
	actorId: a.actorId,
	title: a.title,
	actionFieldId: a.actionFieldId,
	description: a.description,
	targetGroups: a.targetGroups,
	languages: a.languages,
	address: a.address,
	lat: a.lat === null ? '' : String(a.lat).replace('.', ','),
	lon: a.lon === null ? '' : String(a.lon).replace('.', ','),
	schedule: a.schedule,
	weekdays: a.weekdays,
	startTime: a.startTime ?? '',
	endTime: a.endTime ?? '',
	cost: a.costCents === null ? '' : centsToGermanDecimal(a.costCents),
	source: a.source,
	lastConfirmedOn: a.lastConfirmedOn ?? ''
});

export const contactToForm = (c: Contact): Record<string, string | string[]> => ({
	name: c.name,
	roleTitle: c.roleTitle,
	email: c.email,
	phone: c.phone,
	languages: c.languages,
	purpose: c.purpose,
	legalBasis: c.legalBasis,
	consentDate: c.consentDate ?? '',
	consentMethod: c.consentMethod,
	retentionUntil: c.retentionUntil
});

/** Form posts: unchecked boxes are absent; the profile form always means "as shown". */
export const actorFormInput = (values: Record<string, string | string[]>) => ({ ...values, keyPerson: values.keyPerson ?? '' });

export const multiActorFields = ['languages', 'actionFieldIds'] as const;
export const multiActivityFields = ['languages', 'targetGroups', 'weekdays'] as const;
