import type { Db } from '$lib/server/db/connection';
import { newId, nowIso, hashToken, newToken } from '$lib/server/core/ids';
import { createMunicipality } from '$lib/server/municipalities/create-municipality';
import { insertUser } from '$lib/server/accounts/create-user';
import { insertMembership } from '$lib/server/accounts/grant-role';

/**
 * A second municipality ("the other city") with one row of every domain entity, inserted directly so the
 * fixture does not depend on the pages under test. Returns its ids by route parameter name.
 */
export async function createForeignTenant(db: Db) {
	const stamp = Date.now().toString(36);
	const m = await createMunicipality({ db, input: { name: `Andere Stadt ${stamp}`, ags: String(Date.now()).slice(-8), slug: `andere-${stamp}` } });
	const k = db.kysely;
	const now = nowIso();
	const user = await insertUser(k, { email: `other-${stamp}@example.org`, name: 'Andere Admin' });
	await insertMembership(k, { municipalityId: m.id, userId: user.id, role: 'admin' });
	const base = { municipality_id: m.id, created_at: now, updated_at: now };
	const actorId = newId();
	await k.insertInto('actor').values({ ...base, id: actorId, name: 'Jugendamt (andere Stadt)', kind: 'administration', level: 'city' }).execute();
	const districtId = newId();
	await k.insertInto('district').values({ ...base, id: districtId, name: 'Altstadt', code: 'A1', parent_id: null, boundary: null }).execute();
	const conceptId = newId();
	await k.insertInto('city_concept').values({ ...base, id: conceptId, kind: 'integration', title: 'Integrationskonzept', year: 2024, description: '' }).execute();
	const conceptGoalId = newId();
	await k.insertInto('concept_goal').values({ ...base, id: conceptGoalId, city_concept_id: conceptId, code: 'Z1', title: 'Teilhabe', description: '' }).execute();
	const districtConceptId = newId();
	await k
		.insertInto('district_concept')
		.values({ ...base, id: districtConceptId, district_id: districtId, concept_type: 'district-integration', approaches: '["cooperative"]', integration_understanding: '', phase: 'inventory', resources: '' })
		.execute();
	const planId = newId();
	await k.insertInto('action_plan').values({ ...base, id: planId, district_id: districtId, title: 'Aktionsplan Altstadt', introduction: '', reporting_rules: '' }).execute();
	const field = await k.selectFrom('action_field').select('id').where('municipality_id', '=', m.id).orderBy('sort_order').executeTakeFirstOrThrow();
	const goalId = newId();
	await k
		.insertInto('goal')
		.values({ ...base, id: goalId, action_plan_id: planId, parent_goal_id: null, action_field_id: field.id, title: 'Mehr Kitaplätze', description: '', priority: 1, time_horizon: '2027-12-31', operationalisation: '' })
		.execute();
	const measureId = newId();
	await k
		.insertInto('measure')
		.values({
			...base,
			id: measureId,
			action_plan_id: planId,
			action_field_id: field.id,
			title: 'Sprachcafé',
			description: '',
			lead_actor_id: actorId,
			start_date: '2026-01-01',
			end_date: '2026-12-31',
			cost_cents: 100000,
			funding_source: 'Haushalt',
			spatial_scope: 'district',
			site_label: '',
			site_lat: null,
			site_lon: null,
			decidable_locally: 1,
			integrated: 0,
			starter_project: 0,
			status: 'planned'
		})
		.execute();
	await k.insertInto('measure_goal').values({ municipality_id: m.id, measure_id: measureId, goal_id: goalId }).execute();
	const milestoneId = newId();
	await k.insertInto('milestone').values({ id: milestoneId, municipality_id: m.id, measure_id: measureId, title: 'Start', due_date: '2026-02-01', done: 0, sort_order: 1 }).execute();
	const membership = await k.selectFrom('membership').select('id').where('municipality_id', '=', m.id).executeTakeFirstOrThrow();
	const apiTokenId = newId();
	await k
		.insertInto('api_token')
		.values({ id: apiTokenId, municipality_id: m.id, user_id: user.id, name: 'other', token_hash: hashToken(newToken()), created_at: now, last_used_at: null, revoked_at: null })
		.execute();
	const fields = await k.selectFrom('action_field').select('id').where('municipality_id', '=', m.id).execute();
	// Actor inventory: a second actor cooperating with the first, a contact person and an activity.
	const actor2Id = newId();
	await k.insertInto('actor').values({ ...base, id: actor2Id, name: 'Kita (andere Stadt)', kind: 'kita', level: 'district' }).execute();
	await k.insertInto('actor_district').values({ municipality_id: m.id, actor_id: actor2Id, district_id: districtId }).execute();
	await k.insertInto('actor_action_field').values({ municipality_id: m.id, actor_id: actorId, action_field_id: field.id }).execute();
	const [coopA, coopB] = actorId < actor2Id ? [actorId, actor2Id] : [actor2Id, actorId];
	const cooperationId = newId();
	await k.insertInto('actor_cooperation').values({ ...base, id: cooperationId, actor_a_id: coopA, actor_b_id: coopB, description: 'Elternabende' }).execute();
	const contactId = newId();
	await k
		.insertInto('actor_contact')
		.values({ ...base, id: contactId, actor_id: actorId, name: 'Andere Person', role_title: '', email: 'person@example.org', phone: '', languages: '[]', purpose: 'Einladungen', legal_basis: 'public-task', consent_date: null, consent_method: '', retention_until: '2099-01-01' })
		.execute();
	const activityId = newId();
	await k
		.insertInto('activity')
		.values({ ...base, id: activityId, actor_id: actorId, action_field_id: field.id, title: 'Elterncafé', description: '', target_groups: '[]', languages: '[]', address: '', lat: null, lon: null, schedule: '', weekdays: '[]', start_time: null, end_time: null, cost_cents: null, source: '', last_confirmed_on: null })
		.execute();
	// Statistics: a seeded indicator, a statistical area with an observation, a draft import run.
	const indicator = await k.selectFrom('indicator').select('id').where('municipality_id', '=', m.id).orderBy('sort_order').executeTakeFirstOrThrow();
	const areaId = newId();
	await k.insertInto('statistical_area').values({ ...base, id: areaId, code: 'A1', name: 'Altstadt', level: 'planning-area', parent_id: null, boundary: null, population: 1200 }).execute();
	await k
		.insertInto('observation')
		.values({ ...base, id: newId(), indicator_id: indicator.id, area_id: areaId, period: '2024', value: 1200, numerator: null, denominator: null, suppressed: 0, estimated: 0, provisional: 0, limited: 0, source_import_id: null })
		.execute();
	const importId = newId();
	await k
		.insertInto('import_run')
		.values({ id: importId, municipality_id: m.id, file_name: 'andere.csv', kind: 'observations', status: 'queued', mapping: '{}', report: '{}', rows_total: 0, inserted_count: 0, updated_count: 0, error_count: 0, file_content: Buffer.from('Gebiet;Jahr;Wert\nA1;2024;5\n'), job_id: null, created_by: user.id, created_at: now, finished_at: null })
		.execute();
	// Needs: an engagement record and a need captured in it, taken up in the goal.
	const engagementId = newId();
	await k
		.insertInto('engagement')
		.values({ ...base, id: engagementId, district_id: districtId, kind: 'round-table', title: 'Runder Tisch Altstadt', held_on: '2026-03-01', place: '', participant_count: 12, participants: '', interpreting_languages: '["ar"]', whisper_corner_languages: '[]', childcare: 1, step_free: 0, accessibility_notes: '', notes: '', submission_key: null, created_by: user.id })
		.execute();
	const needId = newId();
	await k
		.insertInto('need')
		.values({ ...base, id: needId, district_id: districtId, action_field_id: field.id, title: 'Mehr Sitzbänke', statement: '', channel: 'round-table', engagement_id: engagementId, target_groups: '[]', language: 'de', place_label: '', place_lat: null, place_lon: null, raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0, internal_note: 'intern', state: 'taken_up', public_reason: '', merged_into_id: null, state_changed_at: now, submission_key: null, created_by: user.id })
		.execute();
	await k.insertInto('need_goal').values({ municipality_id: m.id, need_id: needId, goal_id: goalId }).execute();
	// Surveys: an open survey with one question and one anonymous response.
	const surveyId = newId();
	await k
		.insertInto('survey')
		.values({ ...base, id: surveyId, district_id: districtId, title: 'Umfrage Altstadt', description: '', source_language: 'de', status: 'open', public_token: `andere-${stamp}-token-0000`, kiosk_key: newToken(), form_secret: newToken(), min_fill_seconds: 3, opened_at: now, closed_at: null })
		.execute();
	const questionId = newId();
	await k
		.insertInto('survey_question')
		.values({ ...base, id: questionId, survey_id: surveyId, sort_order: 1, kind: 'text', text: 'Was fehlt?', help: '', required: 0, personal_data: 0, consent_text: '', options: '[]', min_value: null, max_value: null, max_length: null, condition: null })
		.execute();
	const responseId = newId();
	await k.insertInto('survey_response').values({ id: responseId, municipality_id: m.id, survey_id: surveyId, language: 'de', channel: 'web', submitted_at: now, received_at: now }).execute();
	await k.insertInto('survey_answer').values({ municipality_id: m.id, survey_id: surveyId, response_id: responseId, question_id: questionId, value: '"Ein Spielplatz"', consent_given: 0 }).execute();
	// Plan versions: a submitted version of the plan (resolve/withdraw with this id must not touch it).
	const versionId = newId();
	await k
		.insertInto('plan_version')
		.values({ id: versionId, municipality_id: m.id, action_plan_id: planId, number: 1, state: 'submitted', snapshot: JSON.stringify({ schema: 1, plan: { id: planId, districtId, districtName: 'Altstadt', title: 'Aktionsplan Altstadt', introduction: '', rules: {} }, actionFields: [], actors: [], conceptGoals: [], goals: [], measures: [] }), goal_count: 1, measure_count: 1, total_cost_cents: 100000, note: '', submitted_at: now, submitted_by: user.id, withdrawn_at: null, withdrawn_by: null, resolution_body: null, resolution_date: null, resolution_reference: null, resolved_at: null, resolved_by: null, superseded_at: null, superseded_by_id: null })
		.execute();
	// Public portal: a published news item of the district.
	const newsId = newId();
	await k.insertInto('portal_news').values({ id: newsId, municipality_id: m.id, district_id: districtId, title: 'Neuigkeit Altstadt', body: '', published_on: '2026-01-01', published: 1, created_at: now, updated_at: now }).execute();
	return {
		municipality: m,
		userId: user.id,
		ids: {
			districtId,
			actorId,
			conceptId,
			conceptGoalId,
			districtConceptId,
			planId,
			goalId,
			measureId,
			milestoneId,
			actionFieldId: fields[0].id,
			fieldId: fields[0].id,
			membershipId: membership.id,
			userId: user.id,
			tokenId: apiTokenId,
			apiTokenId,
			indicatorId: indicator.id,
			areaId,
			importId,
			contactId,
			cooperationId,
			activityId,
			duplicateId: actor2Id,
			versionId,
			newsId,
			file: 'resolved.json',
			needId,
			engagementId,
			surveyId,
			questionId,
			language: 'en',
			id: measureId
		} as Record<string, string>
	};
}

/** Tables holding tenant rows, for before/after snapshots. */
export const tenantTables = [
	'actor', 'district', 'city_concept', 'concept_goal', 'district_concept', 'starting_decision', 'action_plan', 'action_field',
	'goal', 'goal_concept_goal', 'measure', 'measure_goal', 'measure_partner', 'milestone', 'membership', 'membership_district', 'api_token', 'audit_entry',
	'indicator', 'statistical_area', 'district_area', 'observation', 'import_run', 'actor_action_field', 'actor_contact', 'actor_cooperation', 'actor_district', 'activity', 'plan_version',
	'engagement', 'engagement_actor', 'need', 'need_actor', 'need_goal', 'need_measure',
	'portal_news', 'portal_feedback', 'portal_settings',
	'survey', 'survey_question', 'survey_translation', 'survey_response', 'survey_answer',
	'workpaper_export', 'workpaper_import'
] as const;

/** Every row of a municipality in every tenant table, as sorted JSON lines (api_token.last_used_at excluded). */
export async function snapshotTenant(db: Db, municipalityId: string): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const table of tenantTables) {
		const rows = await db.kysely.selectFrom(table).selectAll().where('municipality_id', '=', municipalityId).execute();
		out[table] = rows.map((r) => JSON.stringify({ ...r, last_used_at: undefined })).sort();
	}
	return out;
}

/** A known user and API token of the demo municipality who is an admin there but NOT a superadmin. */
export async function createLocalAdmin(db: Db, municipalitySlug: string) {
	const k = db.kysely;
	const m = await k.selectFrom('municipality').select('id').where('slug', '=', municipalitySlug).executeTakeFirstOrThrow();
	const stamp = Date.now().toString(36);
	const email = `local-admin-${stamp}@example.org`;
	const password = 'local-admin-password-1234';
	const user = await insertUser(k, { email, name: 'Lokale Admin', password });
	await insertMembership(k, { municipalityId: m.id, userId: user.id, role: 'admin' });
	await insertMembership(k, { municipalityId: m.id, userId: user.id, role: 'coordinator' });
	const token = newToken();
	await k
		.insertInto('api_token')
		.values({ id: newId(), municipality_id: m.id, user_id: user.id, name: 'isolation test', token_hash: hashToken(token), created_at: nowIso(), last_used_at: null, revoked_at: null })
		.execute();
	return { municipalityId: m.id, email, password, token };
}
