import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { createActionPlan } from '../plans/create-action-plan';
import { insertUser } from '../accounts/create-user';
import { insertMembership } from '../accounts/grant-role';
import { createDistrict } from './create-district';
import { updateDistrict } from './update-district';
import { deleteDistrict } from './delete-district';
import { findDistrict, listDistricts, listDistrictOptions } from './districts.repository';
import { saveDistrictConcept } from '../concepts/save-district-concept';
import { startingDecisions } from '../concepts/concept-model';

const square = (x: number, y: number, d = 0.01) => ({
	type: 'Polygon',
	coordinates: [
		[
			[x, y],
			[x + d, y],
			[x + d, y + d],
			[x, y + d],
			[x, y]
		]
	]
});

const auditFor = (t: TestDb, entityId: string) =>
	t.db.kysely.selectFrom('audit_entry').selectAll().where('entity', '=', 'district').where('entity_id', '=', entityId).execute();

describe.each(dbKinds())('districts [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Neukölln-Stadt');
		b = await createTenant(t.db, 'Andere Stadt');
	});
	afterAll(async () => t.cleanup());

	const snapshot = async () => ({ districts: await countRows(t.db, 'district'), audit: await countRows(t.db, 'audit_entry') });

	it('creates a district with a boundary given as a Feature and records the audit entry', async () => {
		const d = await createDistrict({
			ctx: a.ctx,
			input: { name: 'Schillerpromenade', code: '081001', boundary: JSON.stringify({ type: 'Feature', properties: {}, geometry: square(13.42, 52.47) }) }
		});
		expect(d.boundary?.type).toBe('Polygon');
		const stored = await findDistrict(t.db.kysely, a.municipality.id, d.id);
		expect(stored).toMatchObject({ name: 'Schillerpromenade', code: '081001', parentId: null });
		expect(stored?.boundary).toEqual(d.boundary);
		const audit = await auditFor(t, d.id);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'create', user_id: a.user.id, municipality_id: a.municipality.id });
		expect(JSON.parse(audit[0].changes).after.code).toBe('081001');
	});

	it('creates statistical units under a parent and lists them as a tree with counts', async () => {
		const parent = await createDistrict({ ctx: a.ctx, input: { name: 'Rixdorf', code: '081004', parentId: '', boundary: '' } });
		const c1 = await createDistrict({ ctx: a.ctx, input: { name: 'Alt-Rixdorf', code: '08100401', parentId: parent.id, boundary: square(13.44, 52.47) } });
		await createDistrict({ ctx: a.ctx, input: { name: 'Ganghoferstraße', code: '08100402', parentId: parent.id } });
		expect(c1.parentId).toBe(parent.id);
		const list = await listDistricts(t.db.kysely, a.municipality.id);
		const p = list.find((d) => d.id === parent.id)!;
		expect(p).toMatchObject({ childrenCount: 2, depth: 0, hasBoundary: false, hasConcept: false, hasPlan: false });
		const idx = list.findIndex((d) => d.id === parent.id);
		expect(list.slice(idx + 1, idx + 3).map((d) => [d.name, d.depth, d.parentName])).toEqual([
			['Alt-Rixdorf', 1, 'Rixdorf'],
			['Ganghoferstraße', 1, 'Rixdorf']
		]);
		expect((await listDistrictOptions(t.db.kysely, b.municipality.id)).length).toBe(0);
	});

	it('rejects bad input and writes nothing', async () => {
		const before = await snapshot();
		const cases: [unknown, string, string][] = [
			[{ name: '', code: 'X1' }, 'name', 'error.required'],
			[{ name: 'x'.repeat(201), code: 'X1' }, 'name', 'error.tooLong'],
			[{ name: 'Ohne Code' }, 'code', 'error.required'],
			[{ name: 'Leerzeichen', code: 'A B' }, 'code', 'error.code'],
			[{ name: 'Kaputt', code: 'X2', boundary: '{"type":"Polygon"' }, 'boundary', 'error.geojson'],
			[{ name: 'Offen', code: 'X3', boundary: { type: 'Polygon', coordinates: [[[13.4, 52.5], [13.5, 52.5], [13.5, 52.6], [13.4, 52.6]]] } }, 'boundary', 'error.geojsonRing'],
			[{ name: 'Weit weg', code: 'X4', boundary: square(190, 52.5) }, 'boundary', 'error.geojsonCoordinates'],
			[{ name: 'Metres', code: 'X4b', boundary: square(392000, 5818000, 100) }, 'boundary', 'error.geojsonCoordinates'],
			[
				{
					name: 'Fliege',
					code: 'X5',
					boundary: { type: 'Polygon', coordinates: [[[13.4, 52.5], [13.5, 52.6], [13.5, 52.5], [13.4, 52.6], [13.4, 52.5]]] }
				},
				'boundary',
				'error.geojsonSelfIntersection'
			],
			[{ name: 'Punkt', code: 'X6', boundary: { type: 'Point', coordinates: [13.4, 52.5] } }, 'boundary', 'error.geojson'],
			[{ name: 'Eltern', code: 'X7', parentId: 'not-a-uuid' }, 'parentId', 'error.unknownReference'],
			[{ name: 'Eltern', code: 'X8', parentId: newId() }, 'parentId', 'error.unknownReference']
		];
		for (const [input, field, key] of cases) {
			const err = await createDistrict({ ctx: a.ctx, input }).catch((e) => e);
			expect(err, JSON.stringify(input).slice(0, 80)).toBeInstanceOf(ValidationError);
			expect((err as ValidationError).fieldErrors[field], field).toContain(key);
		}
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a duplicate code in the same municipality but allows it in another', async () => {
		await createDistrict({ ctx: a.ctx, input: { name: 'Reuterkiez', code: 'RK' } });
		const before = await snapshot();
		const err = await createDistrict({ ctx: a.ctx, input: { name: 'Reuterkiez 2', code: 'RK' } }).catch((e) => e);
		expect(err).toBeInstanceOf(ConflictError);
		expect(err).toMatchObject({ messageKey: 'error.duplicateCode', field: 'code' });
		expect(await snapshot()).toEqual(before);
		await expect(createDistrict({ ctx: b.ctx, input: { name: 'Reuterkiez', code: 'RK' } })).resolves.toMatchObject({ code: 'RK' });
	});

	it('updates fields, keeps absent ones, removes the boundary with an empty text, and audits before/after', async () => {
		const d = await createDistrict({ ctx: a.ctx, input: { name: 'Flughafenstraße', code: '08100204', boundary: square(13.43, 52.475) } });
		const u = await updateDistrict({ ctx: a.ctx, districtId: d.id, input: { name: 'Flughafenkiez' } });
		expect(u).toMatchObject({ name: 'Flughafenkiez', code: '08100204' });
		expect(u.boundary).toEqual(d.boundary);
		const u2 = await updateDistrict({ ctx: a.ctx, districtId: d.id, input: { name: 'Flughafenkiez', code: '08100204', parentId: '', boundary: '' } });
		expect(u2.boundary).toBeNull();
		const audit = await auditFor(t, d.id);
		expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'update']);
		const changes = JSON.parse(audit.find((r) => JSON.parse(r.changes).after.name === 'Flughafenkiez')!.changes);
		expect(changes.before.name).toBe('Flughafenstraße');
	});

	it('refuses a parent cycle, itself as parent and a duplicate code on update, writing nothing', async () => {
		const top = await createDistrict({ ctx: a.ctx, input: { name: 'Oben', code: 'C-1' } });
		const mid = await createDistrict({ ctx: a.ctx, input: { name: 'Mitte', code: 'C-2', parentId: top.id } });
		const low = await createDistrict({ ctx: a.ctx, input: { name: 'Unten', code: 'C-3', parentId: mid.id } });
		const before = await snapshot();
		const cycle = await updateDistrict({ ctx: a.ctx, districtId: top.id, input: { parentId: low.id } }).catch((e) => e);
		expect(cycle).toBeInstanceOf(ValidationError);
		expect(cycle.fieldErrors.parentId).toEqual(['error.cycle']);
		const own = await updateDistrict({ ctx: a.ctx, districtId: top.id, input: { parentId: top.id } }).catch((e) => e);
		expect(own.fieldErrors.parentId).toEqual(['error.ownParent']);
		await expect(updateDistrict({ ctx: a.ctx, districtId: low.id, input: { code: 'C-1' } })).rejects.toBeInstanceOf(ConflictError);
		await expect(updateDistrict({ ctx: a.ctx, districtId: low.id, input: { boundary: square(13.4, 95) } })).rejects.toBeInstanceOf(ValidationError);
		expect(await snapshot()).toEqual(before);
		expect((await findDistrict(t.db.kysely, a.municipality.id, top.id))?.parentId).toBeNull();
		// Moving the lowest unit to the top is fine.
		await expect(updateDistrict({ ctx: a.ctx, districtId: low.id, input: { parentId: null } })).resolves.toMatchObject({ parentId: null });
	});

	it("treats another municipality's ids as unknown: parent, update and delete change nothing", async () => {
		const foreign = await createDistrict({ ctx: b.ctx, input: { name: 'Fremd', code: 'F-1' } });
		const own = await createDistrict({ ctx: a.ctx, input: { name: 'Eigen', code: 'E-1' } });
		const before = await snapshot();
		const e1 = await createDistrict({ ctx: a.ctx, input: { name: 'Kind', code: 'E-2', parentId: foreign.id } }).catch((e) => e);
		expect(e1.fieldErrors.parentId).toEqual(['error.unknownReference']);
		const e2 = await updateDistrict({ ctx: a.ctx, districtId: own.id, input: { parentId: foreign.id } }).catch((e) => e);
		expect(e2.fieldErrors.parentId).toEqual(['error.unknownReference']);
		await expect(updateDistrict({ ctx: a.ctx, districtId: foreign.id, input: { name: 'Gekapert' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteDistrict({ ctx: a.ctx, districtId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
		expect((await findDistrict(t.db.kysely, b.municipality.id, foreign.id))?.name).toBe('Fremd');
		expect(await findDistrict(t.db.kysely, a.municipality.id, foreign.id)).toBeUndefined();
	});

	it('deletes an unused district with an audit entry and refuses one with children, a concept, a plan or narrowed grants', async () => {
		const parent = await createDistrict({ ctx: a.ctx, input: { name: 'Köllnische Heide', code: '081005' } });
		const child = await createDistrict({ ctx: a.ctx, input: { name: 'Weiße Siedlung', code: '08100501', parentId: parent.id } });
		const withConcept = await createDistrict({ ctx: a.ctx, input: { name: 'Mit Konzept', code: 'K-1' } });
		const withPlan = await createDistrict({ ctx: a.ctx, input: { name: 'Mit Plan', code: 'P-1' } });
		const withGrant = await createDistrict({ ctx: a.ctx, input: { name: 'Mit Berechtigung', code: 'G-1' } });
		await saveDistrictConcept({
			ctx: a.ctx,
			districtId: withConcept.id,
			input: { conceptType: 'thematic', approaches: [], phase: 'preparation', decisions: Object.fromEntries(startingDecisions.map((k) => [k, { state: 'open' }])) }
		});
		await createActionPlan({ ctx: a.ctx, input: { districtId: withPlan.id, title: 'Lokaler Aktionsplan' } });
		const user = await insertUser(t.db.kysely, { email: `planer-${Date.now()}@example.org`, name: 'Planerin' });
		await insertMembership(t.db.kysely, { municipalityId: a.municipality.id, userId: user.id, role: 'planner', districtIds: [withGrant.id] });

		const before = await snapshot();
		for (const d of [parent, withConcept, withPlan, withGrant]) {
			const err = await deleteDistrict({ ctx: a.ctx, districtId: d.id }).catch((e) => e);
			expect(err, d.name).toBeInstanceOf(ConflictError);
			expect(err.messageKey).toBe('error.inUse');
		}
		expect(await snapshot()).toEqual(before);

		await deleteDistrict({ ctx: a.ctx, districtId: child.id });
		expect(await findDistrict(t.db.kysely, a.municipality.id, child.id)).toBeUndefined();
		const audit = await auditFor(t, child.id);
		expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
		await deleteDistrict({ ctx: a.ctx, districtId: parent.id });
		expect((await listDistricts(t.db.kysely, a.municipality.id)).find((d) => d.id === withPlan.id)?.hasPlan).toBe(true);
		expect((await listDistricts(t.db.kysely, a.municipality.id)).find((d) => d.id === withConcept.id)?.hasConcept).toBe(true);
	});

	it('lets a narrowed planner edit only their districts, never create, delete or re-parent; departments cannot create', async () => {
		const mine = await createDistrict({ ctx: a.ctx, input: { name: 'Meins', code: 'N-1' } });
		const other = await createDistrict({ ctx: a.ctx, input: { name: 'Fremdbezirk', code: 'N-2' } });
		const planner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: [mine.id] }]);
		const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
		const before = await snapshot();
		await expect(createDistrict({ ctx: planner, input: { name: 'Neu', code: 'N-3' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createDistrict({ ctx: department, input: { name: 'Neu', code: 'N-3' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateDistrict({ ctx: planner, districtId: other.id, input: { name: 'Übernommen' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateDistrict({ ctx: department, districtId: mine.id, input: { name: 'Übernommen' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateDistrict({ ctx: planner, districtId: mine.id, input: { parentId: other.id } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteDistrict({ ctx: planner, districtId: mine.id })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		await expect(updateDistrict({ ctx: planner, districtId: mine.id, input: { name: 'Meins, umbenannt', boundary: square(13.5, 52.5) } })).resolves.toMatchObject({
			name: 'Meins, umbenannt'
		});
		// Unnarrowed planners may do everything.
		const cityPlanner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: null }]);
		const n = await createDistrict({ ctx: cityPlanner, input: { name: 'Neu', code: 'N-3', parentId: mine.id } });
		await deleteDistrict({ ctx: cityPlanner, districtId: n.id });
	});
});
