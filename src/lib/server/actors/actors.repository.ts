import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { districtScope, isStale, isoDate, type LegalBasis } from '../../domain/actors';
import type { BoundaryGeometry } from '../../domain/geojson';

/** Kinds of actor from DOMAIN.md; departments (Fachämter) are actors of kind 'administration'. */
export const actorKinds = [
	'administration',
	'politics',
	'civil-society',
	'provider',
	'migrant-organisation',
	'school',
	'kita',
	'religious-community',
	'housing-company',
	'business',
	'other'
] as const;
export type ActorKind = (typeof actorKinds)[number];
export const actorLevels = ['district', 'city'] as const;
export type ActorLevel = (typeof actorLevels)[number];

export interface Actor {
	id: string;
	name: string;
	kind: ActorKind;
	level: ActorLevel;
}

/** The actor analysis of the handbook: who does what, with which interests, resources and motivation. */
export interface ActorProfile extends Actor {
	function: string;
	interests: string;
	resources: string;
	motivation: string;
	address: string;
	website: string;
	languages: string[];
	keyPerson: boolean;
	actionFieldIds: string[];
	/** The districts a district-level actor works in, by name; empty for city-wide actors. */
	districtIds: string[];
}

const toActor = (r: { id: string; name: string; kind: string; level: string }): Actor => ({
	id: r.id,
	name: r.name,
	kind: r.kind as ActorKind,
	level: r.level as ActorLevel
});

const jsonList = (s: string): string[] => {
	try {
		const v = JSON.parse(s);
		return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
};

export const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);

export async function listActors(db: Kysely<Database>, municipalityId: string): Promise<Actor[]> {
	const rows = await db
		.selectFrom('actor')
		.select(['id', 'name', 'kind', 'level'])
		.where('municipality_id', '=', municipalityId)
		.execute();
	// German collation ("Ä" beside "A"), the same on both databases.
	return rows.map(toActor).sort(byName);
}

export async function findActor(db: Kysely<Database>, municipalityId: string, id: string): Promise<Actor | undefined> {
	const r = await db
		.selectFrom('actor')
		.select(['id', 'name', 'kind', 'level'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', id)
		.executeTakeFirst();
	return r && toActor(r);
}

const profileColumns = ['id', 'name', 'kind', 'level', 'function', 'interests', 'resources', 'motivation', 'address', 'website', 'languages', 'key_person'] as const;
type ProfileRow = Pick<Database['actor'], 'id' | 'name' | 'kind' | 'level'> & {
	function: string;
	interests: string;
	resources: string;
	motivation: string;
	address: string;
	website: string;
	languages: string;
	key_person: number;
};
const toProfile = (r: ProfileRow, fieldIds: string[], districtIds: string[]): ActorProfile => ({
	...toActor(r),
	function: r.function,
	interests: r.interests,
	resources: r.resources,
	motivation: r.motivation,
	address: r.address,
	website: r.website,
	languages: jsonList(r.languages),
	keyPerson: Number(r.key_person) === 1,
	actionFieldIds: fieldIds,
	districtIds
});

async function fieldIdsByActor(db: Kysely<Database>, municipalityId: string, actorId?: string): Promise<Map<string, string[]>> {
	let q = db
		.selectFrom('actor_action_field as aaf')
		.innerJoin('action_field as f', (j) => j.onRef('f.municipality_id', '=', 'aaf.municipality_id').onRef('f.id', '=', 'aaf.action_field_id'))
		.select(['aaf.actor_id', 'aaf.action_field_id'])
		.where('aaf.municipality_id', '=', municipalityId);
	if (actorId) q = q.where('aaf.actor_id', '=', actorId);
	const rows = await q.orderBy('f.sort_order').execute();
	const out = new Map<string, string[]>();
	for (const r of rows) (out.get(r.actor_id) ?? out.set(r.actor_id, []).get(r.actor_id)!).push(r.action_field_id);
	return out;
}

async function districtIdsByActor(db: Kysely<Database>, municipalityId: string, actorId?: string): Promise<Map<string, string[]>> {
	let q = db
		.selectFrom('actor_district as ad')
		.innerJoin('district as d', (j) => j.onRef('d.municipality_id', '=', 'ad.municipality_id').onRef('d.id', '=', 'ad.district_id'))
		.select(['ad.actor_id', 'ad.district_id', 'd.name'])
		.where('ad.municipality_id', '=', municipalityId);
	if (actorId) q = q.where('ad.actor_id', '=', actorId);
	const rows = (await q.execute()).sort((a, b) => collator.compare(a.name, b.name) || (a.district_id < b.district_id ? -1 : 1));
	const out = new Map<string, string[]>();
	for (const r of rows) (out.get(r.actor_id) ?? out.set(r.actor_id, []).get(r.actor_id)!).push(r.district_id);
	return out;
}

export async function listActorProfiles(db: Kysely<Database>, municipalityId: string): Promise<ActorProfile[]> {
	const [rows, fields, districts] = await Promise.all([
		db.selectFrom('actor').select(profileColumns).where('municipality_id', '=', municipalityId).execute(),
		fieldIdsByActor(db, municipalityId),
		districtIdsByActor(db, municipalityId)
	]);
	return rows.map((r) => toProfile(r as ProfileRow, fields.get(r.id) ?? [], districts.get(r.id) ?? [])).sort(byName);
}

export async function findActorProfile(db: Kysely<Database>, municipalityId: string, id: string): Promise<ActorProfile | undefined> {
	const r = await db.selectFrom('actor').select(profileColumns).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	if (!r) return undefined;
	const [fields, districts] = await Promise.all([fieldIdsByActor(db, municipalityId, id), districtIdsByActor(db, municipalityId, id)]);
	return toProfile(r as ProfileRow, fields.get(id) ?? [], districts.get(id) ?? []);
}

/** Ids among `ids` that are actors of this municipality (to reject unknown or foreign references). */
export async function existingActorIds(db: Kysely<Database>, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('actor').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

/** Ids among `ids` that are fields of action of this municipality. */
export async function existingActionFieldIds(db: Kysely<Database>, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('action_field').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

export async function findActorByName(db: Kysely<Database>, municipalityId: string, name: string): Promise<{ id: string } | undefined> {
	return db.selectFrom('actor').select('id').where('municipality_id', '=', municipalityId).where('name', '=', name).executeTakeFirst();
}

const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

/**
 * What still refers to an actor: measures it leads or partners in, role grants acting for it, open
 * invitations, its activities and contact persons. An actor can only be deleted when every count is zero
 * (cooperation links and its fields of action go with it).
 */
export async function actorUsage(db: Kysely<Database>, municipalityId: string, id: string) {
	const count = (table: 'measure_partner' | 'membership' | 'activity' | 'actor_contact') =>
		db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('actor_id', '=', id).executeTakeFirst();
	const [leads, partners, memberships, invitations, activities, contacts] = await Promise.all([
		db.selectFrom('measure').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('lead_actor_id', '=', id).executeTakeFirst(),
		count('measure_partner'),
		count('membership'),
		db
			.selectFrom('one_time_token')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('municipality_id', '=', municipalityId)
			.where('actor_id', '=', id)
			.where('used_at', 'is', null)
			.executeTakeFirst(),
		count('activity'),
		count('actor_contact')
	]);
	return {
		leads: n(leads),
		partners: n(partners),
		memberships: n(memberships),
		invitations: n(invitations),
		activities: n(activities),
		contacts: n(contacts)
	};
}

/** Measures an actor leads or partners in (titles for the profile page). */
export async function measuresOfActor(db: Kysely<Database>, municipalityId: string, actorId: string) {
	const lead = await db
		.selectFrom('measure')
		.select(['id', 'title', 'action_plan_id'])
		.where('municipality_id', '=', municipalityId)
		.where('lead_actor_id', '=', actorId)
		.execute();
	const partner = await db
		.selectFrom('measure_partner as mp')
		.innerJoin('measure as m', (j) => j.onRef('m.municipality_id', '=', 'mp.municipality_id').onRef('m.id', '=', 'mp.measure_id'))
		.select(['m.id', 'm.title', 'm.action_plan_id'])
		.where('mp.municipality_id', '=', municipalityId)
		.where('mp.actor_id', '=', actorId)
		.execute();
	const rows = [...lead.map((m) => ({ ...m, role: 'lead' as const })), ...partner.map((m) => ({ ...m, role: 'partner' as const }))];
	return rows.map((r) => ({ id: r.id, title: r.title, planId: r.action_plan_id, role: r.role })).sort((a, b) => collator.compare(a.title, b.title));
}

// ---- contact persons (personal data) ----

export interface Contact {
	id: string;
	actorId: string;
	name: string;
	roleTitle: string;
	email: string;
	phone: string;
	languages: string[];
	purpose: string;
	legalBasis: LegalBasis;
	consentDate: string | null;
	consentMethod: string;
	retentionUntil: string;
}

const contactColumns = ['id', 'actor_id', 'name', 'role_title', 'email', 'phone', 'languages', 'purpose', 'legal_basis', 'consent_date', 'consent_method', 'retention_until'] as const;
const toContact = (r: Pick<Database['actor_contact'], (typeof contactColumns)[number]>): Contact => ({
	id: r.id,
	actorId: r.actor_id,
	name: r.name,
	roleTitle: r.role_title,
	email: r.email,
	phone: r.phone,
	languages: jsonList(r.languages),
	purpose: r.purpose,
	legalBasis: r.legal_basis as LegalBasis,
	consentDate: r.consent_date,
	consentMethod: r.consent_method,
	retentionUntil: r.retention_until
});

export async function listContacts(db: Kysely<Database>, municipalityId: string, actorId: string): Promise<Contact[]> {
	const rows = await db.selectFrom('actor_contact').select(contactColumns).where('municipality_id', '=', municipalityId).where('actor_id', '=', actorId).execute();
	return rows.map(toContact).sort(byName);
}

export async function findContact(db: Kysely<Database>, municipalityId: string, id: string): Promise<Contact | undefined> {
	const r = await db.selectFrom('actor_contact').select(contactColumns).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toContact(r);
}

/** Contacts whose retention date has passed (before `today`), oldest first, with their actor's name. */
export async function listContactsPastRetention(db: Kysely<Database>, municipalityId: string, today: string) {
	const rows = await db
		.selectFrom('actor_contact as c')
		.innerJoin('actor as a', (j) => j.onRef('a.municipality_id', '=', 'c.municipality_id').onRef('a.id', '=', 'c.actor_id'))
		.select(['c.id', 'c.actor_id', 'c.name', 'c.retention_until', 'c.purpose', 'a.name as actor_name'])
		.where('c.municipality_id', '=', municipalityId)
		.where('c.retention_until', '<', today)
		.orderBy('c.retention_until')
		.execute();
	return rows.map((r) => ({ id: r.id, actorId: r.actor_id, actorName: r.actor_name, name: r.name, purpose: r.purpose, retentionUntil: r.retention_until }));
}

// ---- cooperations ----

export interface Cooperation {
	id: string;
	actorAId: string;
	actorBId: string;
	description: string;
}

export async function listCooperations(db: Kysely<Database>, municipalityId: string, actorId?: string): Promise<Cooperation[]> {
	let q = db.selectFrom('actor_cooperation').select(['id', 'actor_a_id', 'actor_b_id', 'description']).where('municipality_id', '=', municipalityId);
	if (actorId) q = q.where((eb) => eb.or([eb('actor_a_id', '=', actorId), eb('actor_b_id', '=', actorId)]));
	const rows = await q.orderBy('created_at').orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, actorAId: r.actor_a_id, actorBId: r.actor_b_id, description: r.description }));
}

export async function findCooperation(db: Kysely<Database>, municipalityId: string, id: string): Promise<Cooperation | undefined> {
	const r = await db
		.selectFrom('actor_cooperation')
		.select(['id', 'actor_a_id', 'actor_b_id', 'description'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', id)
		.executeTakeFirst();
	return r && { id: r.id, actorAId: r.actor_a_id, actorBId: r.actor_b_id, description: r.description };
}

export async function findCooperationByPair(db: Kysely<Database>, municipalityId: string, a: string, b: string) {
	return db
		.selectFrom('actor_cooperation')
		.select(['id', 'description'])
		.where('municipality_id', '=', municipalityId)
		.where('actor_a_id', '=', a)
		.where('actor_b_id', '=', b)
		.executeTakeFirst();
}

// ---- activities ----

export interface Activity {
	id: string;
	actorId: string;
	actorName: string;
	actionFieldId: string;
	actionFieldName: string;
	title: string;
	description: string;
	targetGroups: string[];
	languages: string[];
	address: string;
	lat: number | null;
	lon: number | null;
	schedule: string;
	weekdays: string[];
	startTime: string | null;
	endTime: string | null;
	costCents: number | null;
	source: string;
	lastConfirmedOn: string | null;
	stale: boolean;
}

export async function listActivities(db: Kysely<Database>, municipalityId: string, opts: { actorId?: string; today?: string } = {}): Promise<Activity[]> {
	let q = db
		.selectFrom('activity as x')
		.innerJoin('actor as a', (j) => j.onRef('a.municipality_id', '=', 'x.municipality_id').onRef('a.id', '=', 'x.actor_id'))
		.innerJoin('action_field as f', (j) => j.onRef('f.municipality_id', '=', 'x.municipality_id').onRef('f.id', '=', 'x.action_field_id'))
		.selectAll('x')
		.select(['a.name as actor_name', 'f.name as field_name', 'f.sort_order'])
		.where('x.municipality_id', '=', municipalityId);
	if (opts.actorId) q = q.where('x.actor_id', '=', opts.actorId);
	const rows = await q.execute();
	const today = opts.today ?? isoDate(new Date());
	return rows
		.map((r) => ({
			sort: r.sort_order,
			a: {
				id: r.id,
				actorId: r.actor_id,
				actorName: r.actor_name,
				actionFieldId: r.action_field_id,
				actionFieldName: r.field_name,
				title: r.title,
				description: r.description,
				targetGroups: jsonList(r.target_groups),
				languages: jsonList(r.languages),
				address: r.address,
				lat: r.lat === null ? null : Number(r.lat),
				lon: r.lon === null ? null : Number(r.lon),
				schedule: r.schedule,
				weekdays: jsonList(r.weekdays),
				startTime: r.start_time,
				endTime: r.end_time,
				costCents: r.cost_cents === null ? null : Number(r.cost_cents),
				source: r.source,
				lastConfirmedOn: r.last_confirmed_on,
				stale: isStale(r.last_confirmed_on, today)
			}
		}))
		.sort((p, q) => p.sort - q.sort || collator.compare(p.a.title, q.a.title) || collator.compare(p.a.actorName, q.a.actorName))
		.map((x) => x.a);
}

export async function findActivity(db: Kysely<Database>, municipalityId: string, id: string, today?: string): Promise<Activity | undefined> {
	const r = await db.selectFrom('activity').select(['actor_id']).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	if (!r) return undefined;
	return (await listActivities(db, municipalityId, { actorId: r.actor_id, today })).find((a) => a.id === id);
}

/** District outlines (top level) as orientation on the activity map. */
export async function districtOutlines(db: Kysely<Database>, municipalityId: string) {
	const rows = await db
		.selectFrom('district')
		.select(['name', 'boundary'])
		.where('municipality_id', '=', municipalityId)
		.where('boundary', 'is not', null)
		.where('parent_id', 'is', null)
		.execute();
	return rows.map((r) => ({ name: r.name, boundary: JSON.parse(r.boundary as string) as BoundaryGeometry }));
}

/**
 * The actors of a district's view for its profile page: the district-level actors working in the district or one
 * of its sub-districts (by name), and how many city-wide actors there are besides.
 */
export async function actorsOfDistrict(db: Kysely<Database>, municipalityId: string, districtId: string) {
	const tree = await db.selectFrom('district').select(['id', 'parent_id']).where('municipality_id', '=', municipalityId).execute();
	const scope = districtScope(districtId, tree.map((d) => ({ id: d.id, parentId: d.parent_id })));
	const [local, city] = await Promise.all([
		db
			.selectFrom('actor as a')
			.innerJoin('actor_district as ad', (j) => j.onRef('ad.municipality_id', '=', 'a.municipality_id').onRef('ad.actor_id', '=', 'a.id'))
			.select(['a.id', 'a.name', 'a.kind', 'a.level'])
			.distinct()
			.where('a.municipality_id', '=', municipalityId)
			.where('a.level', '=', 'district')
			.where('ad.district_id', 'in', scope)
			.execute(),
		db
			.selectFrom('actor')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('municipality_id', '=', municipalityId)
			.where('level', '=', 'city')
			.executeTakeFirst()
	]);
	return { districtLevel: local.map(toActor).sort(byName), cityWide: n(city) };
}
