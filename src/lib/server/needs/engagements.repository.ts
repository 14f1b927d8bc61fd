import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { EngagementKind, StatementLanguage } from '../../domain/needs';

type Q = Kysely<Database>;

export interface EngagementSummary {
	id: string;
	districtId: string;
	districtName: string;
	kind: EngagementKind;
	title: string;
	heldOn: string;
	place: string;
	participantCount: number | null;
	needCount: number;
	languageSupport: boolean;
}

export interface Engagement extends Omit<EngagementSummary, 'languageSupport'> {
	participants: string;
	actors: { id: string; name: string }[];
	interpretingLanguages: StatementLanguage[];
	whisperCornerLanguages: StatementLanguage[];
	childcare: boolean;
	stepFree: boolean;
	accessibilityNotes: string;
	notes: string;
	createdBy: string | null;
	createdAt: string;
	updatedAt: string;
}

const base = (db: Q, municipalityId: string) =>
	db
		.selectFrom('engagement as e')
		.innerJoin('district as d', (j) => j.onRef('d.id', '=', 'e.district_id').onRef('d.municipality_id', '=', 'e.municipality_id'))
		.select([
			'e.id',
			'e.district_id',
			'd.name as district_name',
			'e.kind',
			'e.title',
			'e.held_on',
			'e.place',
			'e.participant_count',
			'e.participants',
			'e.interpreting_languages',
			'e.whisper_corner_languages',
			'e.childcare',
			'e.step_free',
			'e.accessibility_notes',
			'e.notes',
			'e.created_by',
			'e.created_at',
			'e.updated_at',
			(eb) =>
				eb
					.selectFrom('need as n')
					.select((x) => x.fn.countAll<number>().as('c'))
					.whereRef('n.engagement_id', '=', 'e.id')
					.whereRef('n.municipality_id', '=', 'e.municipality_id')
					.as('need_count')
		])
		.where('e.municipality_id', '=', municipalityId);

export async function listEngagements(db: Q, municipalityId: string, filter: { districtId?: string; kind?: string } = {}): Promise<EngagementSummary[]> {
	let q = base(db, municipalityId);
	if (filter.districtId) q = q.where('e.district_id', '=', filter.districtId);
	if (filter.kind) q = q.where('e.kind', '=', filter.kind);
	const rows = await q.orderBy('e.held_on', 'desc').orderBy('e.title').limit(1000).execute();
	return rows.map((r) => ({
		id: r.id,
		districtId: r.district_id,
		districtName: r.district_name,
		kind: r.kind as EngagementKind,
		title: r.title,
		heldOn: r.held_on,
		place: r.place,
		participantCount: r.participant_count === null ? null : Number(r.participant_count),
		needCount: Number(r.need_count ?? 0),
		languageSupport: r.interpreting_languages !== '[]' || r.whisper_corner_languages !== '[]' || r.childcare === 1
	}));
}

export async function findEngagement(db: Q, municipalityId: string, id: string): Promise<Engagement | undefined> {
	const r = await base(db, municipalityId).where('e.id', '=', id).executeTakeFirst();
	if (!r) return undefined;
	const actors = await db
		.selectFrom('engagement_actor as l')
		.innerJoin('actor as a', (j) => j.onRef('a.id', '=', 'l.actor_id').onRef('a.municipality_id', '=', 'l.municipality_id'))
		.select(['a.id', 'a.name'])
		.where('l.municipality_id', '=', municipalityId)
		.where('l.engagement_id', '=', id)
		.orderBy('a.name')
		.execute();
	return {
		id: r.id,
		districtId: r.district_id,
		districtName: r.district_name,
		kind: r.kind as EngagementKind,
		title: r.title,
		heldOn: r.held_on,
		place: r.place,
		participantCount: r.participant_count === null ? null : Number(r.participant_count),
		needCount: Number(r.need_count ?? 0),
		participants: r.participants,
		actors,
		interpretingLanguages: JSON.parse(r.interpreting_languages),
		whisperCornerLanguages: JSON.parse(r.whisper_corner_languages),
		childcare: r.childcare === 1,
		stepFree: r.step_free === 1,
		accessibilityNotes: r.accessibility_notes,
		notes: r.notes,
		createdBy: r.created_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

export async function findEngagementBySubmissionKey(db: Q, municipalityId: string, key: string): Promise<{ id: string } | undefined> {
	return db.selectFrom('engagement').select('id').where('municipality_id', '=', municipalityId).where('submission_key', '=', key).executeTakeFirst();
}

/** Engagements of a district, for the "captured in" choice of a need form. */
export async function engagementChoices(db: Q, municipalityId: string) {
	return db
		.selectFrom('engagement')
		.select(['id', 'title', 'held_on', 'district_id', 'kind'])
		.where('municipality_id', '=', municipalityId)
		.orderBy('held_on', 'desc')
		.limit(500)
		.execute();
}
