import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateMigrationBackground, ageAt, classifyOwn, type RegisterPerson } from './migration-background';

const ref = { referenceDate: '2024-12-31' };
const adult = '1980-05-01';
const child = '2015-03-10';

describe('classifyOwn (MigraPro rule 1–5)', () => {
	it.each([
		[{ citizenship: 'TR' }, 'foreigner', undefined],
		[{ citizenship: '000', naturalised: true }, 'germanWithMigrationBackground', 'naturalised'],
		[{ citizenship: 'DE', naturalisationDate: '2009-04-01' }, 'germanWithMigrationBackground', 'naturalised'],
		[{ citizenship: 'DE', repatriate: true, countryOfBirth: 'KZ' }, 'germanWithMigrationBackground', 'repatriate'],
		[{ citizenship: 'DEU', secondCitizenship: 'PL' }, 'germanWithMigrationBackground', 'secondCitizenship'],
		[{ citizenship: 'DE', countryOfBirth: 'RU' }, 'germanWithMigrationBackground', 'bornAbroad'],
		[{ citizenship: 'DE', countryOfBirth: 'DE', secondCitizenship: 'DE' }, 'germanWithoutMigrationBackground', undefined],
		[{ citizenship: ' de ' }, 'germanWithoutMigrationBackground', undefined],
		[{ citizenship: '' }, 'unknown', undefined],
		[{ citizenship: null }, 'unknown', undefined]
	])('%j → %s (%s)', (p, cls, reason) => {
		const r = classifyOwn(p);
		expect(r.cls).toBe(cls);
		expect(r.reason).toBe(reason);
	});

	it('can leave Germans born abroad out (rule 5 is optional)', () => {
		expect(classifyOwn({ citizenship: 'DE', countryOfBirth: 'US' }, { bornAbroadCounts: false }).cls).toBe('germanWithoutMigrationBackground');
	});

	it('computes ages in completed years', () => {
		expect(ageAt('2006-12-31', '2024-12-31')).toBe(18);
		expect(ageAt('2007-01-01', '2024-12-31')).toBe(17);
		expect(ageAt(null, '2024-12-31')).toBeNull();
	});
});

describe('aggregateMigrationBackground', () => {
	const extract: RegisterPerson[] = [
		// Area A: a Turkish mother, a naturalised father, their German child (ius soli) → via parents
		{ personId: 'c1', areaId: 'A', citizenship: 'DE', countryOfBirth: 'DE', birthDate: child, parentIds: ['m1', 'f1'] }, // parents come later
		{ personId: 'm1', areaId: 'A', citizenship: 'TR', birthDate: adult },
		{ personId: 'f1', areaId: 'A', citizenship: 'DE', naturalised: true, birthDate: adult },
		// Area A: a German family without migration background
		{ personId: 'm2', areaId: 'A', citizenship: 'DE', countryOfBirth: 'DE', birthDate: adult },
		{ personId: 'c2', areaId: 'A', citizenship: 'DE', countryOfBirth: 'DE', birthDate: child, parentIds: ['m2'] },
		// Area B: a repatriate, a German with second citizenship, a German born abroad, a minor with inline parents
		{ personId: 'r1', areaId: 'B', citizenship: 'DE', repatriate: true, birthDate: adult },
		{ personId: 's1', areaId: 'B', citizenship: 'DE', secondCitizenship: 'IT', birthDate: child },
		{ personId: 'b1', areaId: 'B', citizenship: 'DE', countryOfBirth: 'AT', birthDate: adult },
		{ personId: 'c3', areaId: 'B', citizenship: 'DE', birthDate: child, parents: [{ citizenship: 'SY' }] },
		// An adult German whose parents were migrants does not inherit (rule 6 is for minors)
		{ personId: 'a1', areaId: 'B', citizenship: 'DE', birthDate: adult, parentIds: ['m1'] },
		// A child whose parents are not in the extract: no information, no migration background
		{ personId: 'c4', areaId: 'B', citizenship: 'DE', birthDate: child, parentIds: ['unknown-parent'] },
		{ areaId: 'B', citizenship: '', birthDate: adult }
	];

	it('counts per area with reasons; children get the parents’ background even when parents come later', async () => {
		const r = await aggregateMigrationBackground(extract, ref);
		expect(Object.fromEntries(r)).toEqual({
			A: {
				total: 5,
				foreigners: 1,
				germanWithMigrationBackground: 2,
				germanWithoutMigrationBackground: 2,
				unknown: 0,
				withMigrationBackground: 3,
				byReason: { naturalised: 1, repatriate: 0, secondCitizenship: 0, bornAbroad: 0, viaParents: 1 },
				minors: 2,
				minorsWithMigrationBackground: 1
			},
			B: {
				total: 7,
				foreigners: 0,
				germanWithMigrationBackground: 4,
				germanWithoutMigrationBackground: 2,
				unknown: 1,
				withMigrationBackground: 4,
				byReason: { naturalised: 0, repatriate: 1, secondCitizenship: 1, bornAbroad: 1, viaParents: 1 },
				minors: 3,
				minorsWithMigrationBackground: 2
			}
		});
	});

	it('consumes an async iterator once and returns only counts', async () => {
		let pulled = 0;
		async function* stream() {
			for (const p of extract) {
				pulled++;
				yield p;
			}
		}
		const r = await aggregateMigrationBackground(stream(), ref);
		expect(pulled).toBe(extract.length);
		expect(JSON.stringify([...r])).not.toMatch(/personId|c1|m1|TR|birth/);
	});

	it('is independent of the order of the extract (property)', async () => {
		const base = Object.fromEntries(await aggregateMigrationBackground(extract, ref));
		await fc.assert(
			fc.asyncProperty(fc.shuffledSubarray(extract, { minLength: extract.length, maxLength: extract.length }), async (shuffled) => {
				expect(Object.fromEntries(await aggregateMigrationBackground(shuffled, ref))).toEqual(base);
			}),
			{ numRuns: 50 }
		);
	});

	it('keeps the totals consistent for any extract (property)', async () => {
		const person = fc.record({
			areaId: fc.constantFrom('A', 'B'),
			citizenship: fc.constantFrom('DE', 'TR', '', '000'),
			secondCitizenship: fc.constantFrom(null, 'PL', 'DE'),
			countryOfBirth: fc.constantFrom(null, 'DE', 'RU'),
			naturalised: fc.boolean(),
			age: fc.integer({ min: 0, max: 90 })
		});
		await fc.assert(
			fc.asyncProperty(fc.array(person, { maxLength: 60 }), async (ps) => {
				const r = await aggregateMigrationBackground(ps, ref);
				let total = 0;
				for (const c of r.values()) {
					expect(c.foreigners + c.germanWithMigrationBackground + c.germanWithoutMigrationBackground + c.unknown).toBe(c.total);
					expect(Object.values(c.byReason).reduce((a, b) => a + b, 0)).toBe(c.germanWithMigrationBackground);
					total += c.total;
				}
				expect(total).toBe(ps.length);
			}),
			{ numRuns: 100 }
		);
	});
});
