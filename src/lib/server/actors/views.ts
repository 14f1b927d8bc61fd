import { centsToGermanDecimal } from '../../domain/money';
import { districtScope, languageCodes, type ActorFilter } from '../../domain/actors';
import { readFilter } from '../../domain/filter-params';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { actorKinds, actorLevels, listActivities, listActorProfiles, type Activity, type ActorProfile, type Contact } from './actors.repository';
import { listActionFields } from '../plans/action-fields.repository';
import { listDistrictOptions } from '../districts/districts.repository';

/** What the inventory's lists and overviews start from: actors, activities, fields of action and districts. */
export async function loadInventory(db: Kysely<Database>, municipalityId: string) {
	const [actors, activities, fields, districts] = await Promise.all([
		listActorProfiles(db, municipalityId),
		listActivities(db, municipalityId),
		listActionFields(db, municipalityId),
		listDistrictOptions(db, municipalityId)
	]);
	return { actors, activities, fields, districts };
}

/**
 * The search and filters of the actor list from the query string (unknown values are ignored). `district` is a
 * district's view: its district-level actors (also those of its sub-districts) and all city-wide actors.
 */
export function filterFromUrl(url: URL, fieldIds: readonly string[], districts: readonly { id: string; parentId: string | null }[] = []) {
	const filter = readFilter(url.searchParams, {
		q: { kind: 'search' },
		kind: { kind: 'choice', allowed: actorKinds },
		level: { kind: 'choice', allowed: actorLevels },
		fieldId: { kind: 'choice', allowed: fieldIds, param: 'field' },
		districtId: { kind: 'choice', allowed: districts.map((d) => d.id), param: 'district' },
		language: { kind: 'choice', allowed: languageCodes },
		keyPerson: { kind: 'check' }
	});
	return { ...filter, districts: filter.districtId ? districtScope(filter.districtId, districts) : [] } satisfies ActorFilter;
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
	actionFieldIds: p.actionFieldIds,
	districtIds: p.districtIds
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

/**
 * Form posts: unchecked boxes are absent; the profile form always means "as shown". A city-wide actor works in
 * no particular district, so the form clears districts ticked before the level was changed.
 */
export const actorFormInput = (values: Record<string, string | string[]>) => ({
	...values,
	keyPerson: values.keyPerson ?? '',
	districtIds: values.level === 'city' ? [] : (values.districtIds ?? [])
});

export const multiActorFields = ['languages', 'actionFieldIds', 'districtIds'] as const;
export const multiActivityFields = ['languages', 'targetGroups', 'weekdays'] as const;
