import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { ConflictError, ValidationError } from '../core/errors';
import { createDistrict } from '../districts/create-district';
import { deleteDistrict } from '../districts/delete-district';
import { listDistrictOptions } from '../districts/districts.repository';
import { filterActors } from '../../domain/actors';
import { createActor } from './create-actor';
import { updateActor } from './update-actor';
import { mergeActors } from './merge-actors';
import { actorsOfDistrict, findActorProfile, listActorProfiles } from './actors.repository';
import { actorFormInput, filterFromUrl } from './views';

/** Actors on the district level name the districts they work in (handbook: district-level and city-wide actors). */
describe.each(dbKinds())('actor districts [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let nordWest: string; // a sub-district of nord
	let foreign: string; // a district of another municipality

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Bezirksstadt');
		b = await createTenant(t.db, 'Andere Stadt');
		nord = (await createDistrict({ ctx: a.ctx, input: { name: 'Nordkiez', code: 'N' } })).id;
		sued = (await createDistrict({ ctx: a.ctx, input: { name: 'Südkiez', code: 'S' } })).id;
		nordWest = (await createDistrict({ ctx: a.ctx, input: { name: 'Nordwest', code: 'NW', parentId: nord } })).id;
		foreign = (await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'F' } })).id;
	});
	afterAll(async () => t.cleanup());

	const count = async (table: 'actor' | 'actor_district' | 'audit_entry') =>
		Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const snapshot = async () => ({ actors: await count('actor'), links: await count('actor_district'), audit: await count('audit_entry') });
	const audits = (id: string) =>
		t.db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity', '=', 'actor').where('entity_id', '=', id).orderBy('created_at').execute();
	const linksOf = async (actorId: string) =>
		(await t.db.kysely.selectFrom('actor_district').select(['district_id', 'municipality_id']).where('actor_id', '=', actorId).execute()).map((r) => r.district_id).sort();
	const fieldError = async (p: Promise<unknown>, field: string) => {
		const err = await p.catch((e) => e);
		expect(err).toBeInstanceOf(ValidationError);
		return (err as ValidationError).fieldErrors[field];
	};

	it('creates and updates a district-level actor with its districts, one audit entry each', async () => {
		const before = await snapshot();
		const kita = await createActor({ ctx: a.ctx, input: { name: 'Kita Nord', kind: 'kita', level: 'district', districtIds: [nord, nord, sued] } });
		expect(kita.districtIds.sort()).toEqual([nord, sued].sort());
		expect(await linksOf(kita.id)).toEqual([nord, sued].sort());
		expect(await snapshot()).toEqual({ actors: before.actors + 1, links: before.links + 2, audit: before.audit + 1 });
		// Names order the districts when read back.
		expect((await findActorProfile(t.db.kysely, a.municipality.id, kita.id))?.districtIds).toEqual([nord, sued]);

		const mid = await snapshot();
		const u = await updateActor({ ctx: a.ctx, actorId: kita.id, input: { districtIds: [nordWest] } });
		expect(u).toMatchObject({ level: 'district', districtIds: [nordWest] });
		expect(await linksOf(kita.id)).toEqual([nordWest]);
		expect(await snapshot()).toEqual({ actors: mid.actors, links: mid.links - 1, audit: mid.audit + 1 });
		const log = await audits(kita.id);
		expect(log.map((r) => r.action)).toEqual(['create', 'update']);
		expect(JSON.parse(log[1].changes)).toMatchObject({ before: { districtIds: [nord, sued] }, after: { districtIds: [nordWest] } });

		// A change of another field leaves the districts alone.
		await updateActor({ ctx: a.ctx, actorId: kita.id, input: { function: 'Familienzentrum' } });
		expect(await linksOf(kita.id)).toEqual([nordWest]);
	});

	it("refuses another municipality's district, unknown ids and a district-level actor without districts, writing nothing", async () => {
		const existing = await createActor({ ctx: a.ctx, input: { name: 'Schule Süd', kind: 'school', level: 'district', districtIds: [sued] } });
		const before = await snapshot();
		const unknown = '00000000-0000-4000-8000-000000000000';
		expect(await fieldError(createActor({ ctx: a.ctx, input: { name: 'Fremd', kind: 'school', level: 'district', districtIds: [foreign] } }), 'districtIds')).toEqual(['error.unknownReference']);
		expect(await fieldError(createActor({ ctx: a.ctx, input: { name: 'Fremd', kind: 'school', level: 'district', districtIds: [nord, unknown] } }), 'districtIds')).toEqual(['error.unknownReference']);
		expect(await fieldError(createActor({ ctx: a.ctx, input: { name: 'Ohne', kind: 'school', level: 'district' } }), 'districtIds')).toEqual(['error.actorDistrictRequired']);
		expect(await fieldError(createActor({ ctx: a.ctx, input: { name: 'Ohne', kind: 'school', level: 'district', districtIds: 'kein-uuid' } }), 'districtIds.0')).toEqual(['error.unknownReference']);
		expect(await fieldError(createActor({ ctx: a.ctx, input: { name: 'Stadtweit', kind: 'school', level: 'city', districtIds: [nord] } }), 'districtIds')).toEqual(['error.actorCityWideDistricts']);
		expect(await fieldError(updateActor({ ctx: a.ctx, actorId: existing.id, input: { districtIds: [foreign] } }), 'districtIds')).toEqual(['error.unknownReference']);
		expect(await fieldError(updateActor({ ctx: a.ctx, actorId: existing.id, input: { name: 'Umbenannt', districtIds: [] } }), 'districtIds')).toEqual(['error.actorDistrictRequired']);
		expect(await snapshot()).toEqual(before);
		expect(await linksOf(existing.id)).toEqual([sued]);
		expect((await findActorProfile(t.db.kysely, a.municipality.id, existing.id))?.name).toBe('Schule Süd');
		// The other municipality's district is untouched and still free of links.
		expect(await t.db.kysely.selectFrom('actor_district').select('actor_id').where('district_id', '=', foreign).execute()).toEqual([]);
	});

	it('clears the districts when an actor becomes city-wide (API: level only; form: ticked boxes are dropped)', async () => {
		const api = await createActor({ ctx: a.ctx, input: { name: 'Träger A', kind: 'provider', level: 'district', districtIds: [nord] } });
		const before = await snapshot();
		expect(await updateActor({ ctx: a.ctx, actorId: api.id, input: { level: 'city' } })).toMatchObject({ level: 'city', districtIds: [] });
		expect(await linksOf(api.id)).toEqual([]);
		expect(await snapshot()).toEqual({ actors: before.actors, links: before.links - 1, audit: before.audit + 1 });

		const form = await createActor({ ctx: a.ctx, input: { name: 'Träger B', kind: 'provider', level: 'district', districtIds: [nord, sued] } });
		const posted = actorFormInput({ name: 'Träger B', kind: 'provider', level: 'city', districtIds: [nord, sued], languages: [], actionFieldIds: [] });
		expect(await updateActor({ ctx: a.ctx, actorId: form.id, input: posted })).toMatchObject({ level: 'city', districtIds: [] });
		expect(await linksOf(form.id)).toEqual([]);
		// Back to the district level: a district must be named again.
		expect(await fieldError(updateActor({ ctx: a.ctx, actorId: form.id, input: { level: 'district' } }), 'districtIds')).toEqual(['error.actorDistrictRequired']);
		await updateActor({ ctx: a.ctx, actorId: form.id, input: actorFormInput({ name: 'Träger B', kind: 'provider', level: 'district', districtIds: [sued] }) });
		expect(await linksOf(form.id)).toEqual([sued]);
	});

	it('merges two district-level actors into the union of their districts; a city-wide survivor keeps none', async () => {
		const keep = await createActor({ ctx: a.ctx, input: { name: 'Stadtteilmütter Nord', kind: 'civil-society', level: 'district', districtIds: [nord] } });
		const dup = await createActor({ ctx: a.ctx, input: { name: 'Stadtteilmuetter', kind: 'civil-society', level: 'district', districtIds: [sued, nord] } });
		const before = await snapshot();
		const r = await mergeActors({ ctx: a.ctx, actorId: keep.id, input: { duplicateId: dup.id } });
		expect(r.actor.districtIds.sort()).toEqual([nord, sued].sort());
		expect(await linksOf(keep.id)).toEqual([nord, sued].sort());
		expect(await linksOf(dup.id)).toEqual([]);
		expect(await snapshot()).toEqual({ actors: before.actors - 1, links: before.links - 1, audit: before.audit + 1 });
		const log = await audits(keep.id);
		expect(JSON.parse(log.at(-1)!.changes)).toMatchObject({ before: { duplicate: { districtIds: [nord, sued] } } });

		const city = await createActor({ ctx: a.ctx, input: { name: 'Bildungsbüro', kind: 'administration', level: 'city' } });
		const local = await createActor({ ctx: a.ctx, input: { name: 'Bildungsbüro Süd', kind: 'administration', level: 'district', districtIds: [sued] } });
		expect((await mergeActors({ ctx: a.ctx, actorId: city.id, input: { duplicateId: local.id } })).actor).toMatchObject({ level: 'city', districtIds: [] });
		expect(await linksOf(city.id)).toEqual([]);
	});

	it("filters by a district's view (its own and its sub-districts' actors plus all city-wide ones) and refuses deleting a district in use", async () => {
		const m = b.municipality.id;
		const d1 = (await createDistrict({ ctx: b.ctx, input: { name: 'Oberdorf', code: 'O' } })).id;
		const d1a = (await createDistrict({ ctx: b.ctx, input: { name: 'Oberdorf-Ost', code: 'OO', parentId: d1 } })).id;
		const d2 = (await createDistrict({ ctx: b.ctx, input: { name: 'Unterdorf', code: 'U' } })).id;
		await createActor({ ctx: b.ctx, input: { name: 'Jugendamt', kind: 'administration', level: 'city' } });
		await createActor({ ctx: b.ctx, input: { name: 'Kita Oberdorf', kind: 'kita', level: 'district', districtIds: [d1] } });
		await createActor({ ctx: b.ctx, input: { name: 'Schule Ost', kind: 'school', level: 'district', districtIds: [d1a] } });
		await createActor({ ctx: b.ctx, input: { name: 'Verein Unterdorf', kind: 'civil-society', level: 'district', districtIds: [d2] } });
		const [profiles, districts] = await Promise.all([listActorProfiles(t.db.kysely, m), listDistrictOptions(t.db.kysely, m)]);
		const names = (query: string) => {
			const filter = filterFromUrl(new URL(`http://x/actors?${query}`), [], districts);
			return filterActors(profiles, [], filter, { language: (c) => c, targetGroup: (g) => g }).map((x) => x.name);
		};
		expect(names(`district=${d1}`)).toEqual(['Jugendamt', 'Kita Oberdorf', 'Schule Ost']);
		expect(names(`district=${d1a}`)).toEqual(['Jugendamt', 'Schule Ost']);
		expect(names(`district=${d2}&level=district`)).toEqual(['Verein Unterdorf']);
		// Another municipality's district (or any unknown id) is no filter at all.
		expect(names(`district=${nord}`)).toHaveLength(profiles.length);

		const view = await actorsOfDistrict(t.db.kysely, m, d1);
		expect(view.districtLevel.map((x) => x.name)).toEqual(['Kita Oberdorf', 'Schule Ost']);
		expect(view.cityWide).toBe(1);
		expect((await actorsOfDistrict(t.db.kysely, a.municipality.id, d1)).districtLevel).toEqual([]);

		const before = await snapshot();
		await expect(deleteDistrict({ ctx: b.ctx, districtId: d2 })).rejects.toBeInstanceOf(ConflictError);
		expect(await snapshot()).toEqual(before);
	});
});
