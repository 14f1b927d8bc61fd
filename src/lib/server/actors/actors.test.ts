import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { hashToken, newToken, nowIso } from '../core/ids';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { insertUser } from '../accounts/create-user';
import { insertMembership } from '../accounts/grant-role';
import { createDistrict } from '../districts/create-district';
import { createActor } from './create-actor';
import { updateActor } from './update-actor';
import { deleteActor } from './delete-actor';
import { findActor, listActors } from './actors.repository';

describe.each(dbKinds())('actors [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let homeA: string;
	let homeB: string;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Akteursstadt');
		b = await createTenant(t.db, 'Zweite Stadt');
		homeA = (await createDistrict({ ctx: a.ctx, input: { name: 'Heimatkiez', code: 'HEIM' } })).id;
		homeB = (await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'FREMD' } })).id;
	});
	afterAll(async () => t.cleanup());

	const snapshot = async () => ({ actors: await countRows(t.db, 'actor'), audit: await countRows(t.db, 'audit_entry') });
	const audits = (id: string) => t.db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity', '=', 'actor').where('entity_id', '=', id).execute();

	it('creates, updates and lists actors in German order, with audit entries', async () => {
		const jugendamt = await createActor({ ctx: a.ctx, input: { name: 'Jugendamt', kind: 'administration', level: 'city' } });
		await createActor({ ctx: a.ctx, input: { name: 'Älteren-Treff', kind: 'civil-society', level: 'district', districtIds: [homeA] } });
		await createActor({ ctx: a.ctx, input: { name: 'Zukunft e. V.', kind: 'migrant-organisation', level: 'district', districtIds: [homeA] } });
		const u = await updateActor({ ctx: a.ctx, actorId: jugendamt.id, input: { name: 'Jugendamt Neukölln' } });
		expect(u).toMatchObject({ id: jugendamt.id, name: 'Jugendamt Neukölln', kind: 'administration', level: 'city' });
		expect((await listActors(t.db.kysely, a.municipality.id)).map((x) => x.name)).toEqual(['Älteren-Treff', 'Jugendamt Neukölln', 'Zukunft e. V.']);
		expect(await listActors(t.db.kysely, b.municipality.id)).toEqual([]);
		const log = await audits(jugendamt.id);
		expect(log.map((r) => r.action)).toEqual(['create', 'update']);
		expect(JSON.parse(log[1].changes)).toMatchObject({ before: { name: 'Jugendamt' }, after: { name: 'Jugendamt Neukölln' } });
	});

	it('rejects bad input and duplicate names, writing nothing', async () => {
		await createActor({ ctx: a.ctx, input: { name: 'Schulamt', kind: 'administration', level: 'city' } });
		const other = await createActor({ ctx: a.ctx, input: { name: 'Gesundheitsamt', kind: 'administration', level: 'city' } });
		const before = await snapshot();
		const bad: [unknown, string, string][] = [
			[{ name: '', kind: 'school', level: 'district' }, 'name', 'error.required'],
			[{ name: 'x'.repeat(201), kind: 'school', level: 'district' }, 'name', 'error.tooLong'],
			[{ name: 'Schule', kind: 'university', level: 'district' }, 'kind', 'error.invalidChoice'],
			[{ name: 'Schule', kind: 'school', level: 'state' }, 'level', 'error.invalidChoice']
		];
		for (const [input, field, key] of bad) {
			const err = await createActor({ ctx: a.ctx, input }).catch((e) => e);
			expect(err).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field]).toContain(key);
		}
		const dup = await createActor({ ctx: a.ctx, input: { name: ' Schulamt ', kind: 'administration', level: 'city' } }).catch((e) => e);
		expect(dup).toBeInstanceOf(ConflictError);
		expect(dup).toMatchObject({ messageKey: 'error.duplicateName', field: 'name' });
		await expect(updateActor({ ctx: a.ctx, actorId: other.id, input: { name: 'Schulamt' } })).rejects.toBeInstanceOf(ConflictError);
		expect(await snapshot()).toEqual(before);
		// The same name in another municipality is fine.
		await expect(createActor({ ctx: b.ctx, input: { name: 'Schulamt', kind: 'administration', level: 'city' } })).resolves.toMatchObject({ name: 'Schulamt' });
	});

	it("treats another municipality's actors as not found", async () => {
		const foreign = await createActor({ ctx: b.ctx, input: { name: 'Fremdes Amt', kind: 'administration', level: 'city' } });
		const before = await snapshot();
		await expect(updateActor({ ctx: a.ctx, actorId: foreign.id, input: { name: 'Gekapert' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteActor({ ctx: a.ctx, actorId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
		expect((await findActor(t.db.kysely, b.municipality.id, foreign.id))?.name).toBe('Fremdes Amt');
	});

	it('deletes an unused actor and refuses one that leads or partners in a measure, has members or an open invitation', async () => {
		const unused = await createActor({ ctx: a.ctx, input: { name: 'Unbenutzt', kind: 'other', level: 'district', districtIds: [homeA] } });
		const lead = await createActor({ ctx: a.ctx, input: { name: 'Federführend', kind: 'provider', level: 'district', districtIds: [homeA] } });
		const partner = await createActor({ ctx: a.ctx, input: { name: 'Partnerin', kind: 'kita', level: 'district', districtIds: [homeA] } });
		const member = await createActor({ ctx: a.ctx, input: { name: 'Mit Mitgliedern', kind: 'administration', level: 'city' } });
		const invited = await createActor({ ctx: a.ctx, input: { name: 'Eingeladen', kind: 'school', level: 'district', districtIds: [homeA] } });
		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Maßnahmenkiez', code: 'MK' } });
		const field = await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow();
		const plan = await createActionPlan({ ctx: a.ctx, input: { districtId: district.id, title: 'LAP' } });
		const goal = await createGoal({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: field.id, title: 'Sprache fördern', priority: 1 } });
		await createMeasure({
			ctx: a.ctx,
			input: { planId: plan.id, actionFieldId: field.id, title: 'Sprachcafé', goalIds: [goal.id], leadActorId: lead.id, partnerActorIds: [partner.id] }
		});
		const now = nowIso();
		const user = await insertUser(t.db.kysely, { email: `amt-${Date.now()}@example.org`, name: 'Amtsperson' });
		await insertMembership(t.db.kysely, { municipalityId: a.municipality.id, userId: user.id, role: 'department', actorId: member.id });
		await t.db.kysely
			.insertInto('one_time_token')
			.values({
				id: hashToken(newToken()),
				purpose: 'invite',
				user_id: null,
				municipality_id: a.municipality.id,
				email: 'schule@example.org',
				role: 'partner',
				actor_id: invited.id,
				district_ids: '[]',
				created_by: a.user.id,
				created_at: now,
				expires_at: new Date(Date.now() + 86_400_000).toISOString(),
				used_at: null
			})
			.execute();

		const before = await snapshot();
		for (const x of [lead, partner, member, invited]) {
			const err = await deleteActor({ ctx: a.ctx, actorId: x.id }).catch((e) => e);
			expect(err, x.name).toBeInstanceOf(ConflictError);
			expect(err.messageKey).toBe('error.inUse');
		}
		expect(await snapshot()).toEqual(before);
		expect(await countRows(t.db, 'measure_partner')).toBe(1);

		await deleteActor({ ctx: a.ctx, actorId: unused.id });
		expect(await findActor(t.db.kysely, a.municipality.id, unused.id)).toBeUndefined();
		expect((await audits(unused.id)).map((r) => r.action)).toEqual(['create', 'delete']);
	});

	it('lets plan owners (also narrowed) create, a department edit only its own profile, and only unnarrowed owners delete', async () => {
		const own = await createActor({ ctx: a.ctx, input: { name: 'Sozialamt', kind: 'administration', level: 'city' } });
		const other = await createActor({ ctx: a.ctx, input: { name: 'Sportamt', kind: 'administration', level: 'city' } });
		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Eng', code: 'ENG' } });
		const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: own.id, districtIds: null }]);
		const board = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		const narrowed = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: [district.id] }]);
		const before = await snapshot();
		await expect(createActor({ ctx: department, input: { name: 'Neu', kind: 'school', level: 'district', districtIds: [homeA] } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createActor({ ctx: board, input: { name: 'Neu', kind: 'school', level: 'district', districtIds: [homeA] } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateActor({ ctx: department, actorId: other.id, input: { name: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteActor({ ctx: department, actorId: own.id })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteActor({ ctx: narrowed, actorId: other.id })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		await expect(updateActor({ ctx: department, actorId: own.id, input: { name: 'Sozialamt Neukölln' } })).resolves.toMatchObject({ name: 'Sozialamt Neukölln' });
		await expect(createActor({ ctx: narrowed, input: { name: 'Grundschule am Park', kind: 'school', level: 'district', districtIds: [homeA] } })).resolves.toMatchObject({ kind: 'school' });
	});
});
