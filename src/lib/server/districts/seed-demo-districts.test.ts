import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { seedDemoIfEmpty } from '../seed/seed-demo';
import { findMunicipalityBySlug } from '../municipalities/municipalities.repository';
import { listDistricts } from './districts.repository';
import { listActors } from '../actors/actors.repository';
import { findDistrictConcept, listCityConcepts, listConceptGoals } from '../concepts/concepts.repository';

describe.each(dbKinds())('demo districts, actors and concepts [%s]', (kind) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(kind);
		await seedDemoIfEmpty(t.db, { adminEmail: 'admin@quartier.example', adminPassword: 'demo-password-123456' });
	});
	afterAll(async () => t.cleanup());

	it('seeds two Neukölln district regions with their planning areas and valid boundaries', async () => {
		const m = (await findMunicipalityBySlug(t.db.kysely, 'berlin'))!;
		const districts = await listDistricts(t.db.kysely, m.id);
		expect(districts).toHaveLength(11);
		expect(districts.filter((d) => d.depth === 0).map((d) => [d.name, d.childrenCount])).toEqual([
			['Neuköllner Mitte/Zentrum', 4],
			['Schillerpromenade', 5]
		]);
		expect(districts.every((d) => d.hasBoundary)).toBe(true);
		expect(districts.find((d) => d.code === '081001')).toMatchObject({ hasConcept: true });
		expect(districts.find((d) => d.code === '08100207')).toMatchObject({ name: 'Rollberg', parentName: 'Neuköllner Mitte/Zentrum' });
	});

	it('seeds actors, the city integration concept with goals and a district concept', async () => {
		const m = (await findMunicipalityBySlug(t.db.kysely, 'berlin'))!;
		const actors = await listActors(t.db.kysely, m.id);
		expect(actors.map((a) => a.kind)).toEqual(expect.arrayContaining(['administration', 'migrant-organisation', 'kita', 'housing-company', 'school']));
		const concepts = await listCityConcepts(t.db.kysely, m.id);
		expect(concepts.find((c) => c.kind === 'integration')?.goals).toHaveLength(6);
		expect((await listConceptGoals(t.db.kysely, m.id)).length).toBe(6);
		const district = (await listDistricts(t.db.kysely, m.id)).find((d) => d.code === '081001')!;
		const concept = await findDistrictConcept(t.db.kysely, m.id, district.id);
		expect(concept?.decisions.filter((d) => d.state === 'done')).toHaveLength(2);
	});
});
