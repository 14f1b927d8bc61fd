import { describe, expect, it } from 'vitest';
import { activityMeetsNeed, gapMatrix, type GapActivity, type GapNeed } from './gaps';

const need = (o: Partial<GapNeed>): GapNeed => ({ id: 'n', title: 'Bedarf', actionFieldId: 'bildung', districtId: 'd1', targetGroups: [], language: 'de', state: 'open', ...o });
const act = (o: Partial<GapActivity>): GapActivity => ({ id: 'a', title: 'Angebot', actorName: 'Verein', actionFieldId: 'bildung', targetGroups: ['everyone'], languages: ['de'], ...o });

describe('gap analysis', () => {
	it('an offer meets a need in the same field that reaches its group and speaks its language', () => {
		expect(activityMeetsNeed(act({}), need({ targetGroups: ['parents'] }))).toBe(true);
		expect(activityMeetsNeed(act({ targetGroups: ['youth'] }), need({ targetGroups: ['parents'] }))).toBe(false);
		expect(activityMeetsNeed(act({ targetGroups: ['youth'] }), need({ targetGroups: ['all-residents'] }))).toBe(true);
		expect(activityMeetsNeed(act({}), need({ language: 'ar' }))).toBe(false);
		expect(activityMeetsNeed(act({ languages: ['de', 'ar'] }), need({ language: 'ar' }))).toBe(true);
		expect(activityMeetsNeed(act({ actionFieldId: 'gesundheit' }), need({}))).toBe(false);
	});

	it('classifies each field: need without offer, offer without need, need not in plan, balanced, empty', () => {
		const items = {
			needs: [
				need({ id: 'n1', actionFieldId: 'bildung', language: 'ar' }),
				need({ id: 'n2', actionFieldId: 'gesundheit' }),
				need({ id: 'n3', actionFieldId: 'wohnen', state: 'merged' }),
				need({ id: 'n4', actionFieldId: 'sport', districtId: 'd2' })
			],
			activities: [act({ id: 'a1', actionFieldId: 'bildung' }), act({ id: 'a2', actionFieldId: 'gesundheit' }), act({ id: 'a3', actionFieldId: 'kultur' })],
			goals: [{ id: 'g1', title: 'Ziel', actionFieldId: 'gesundheit', districtId: 'd1', planId: 'p' }],
			measures: []
		};
		const m = gapMatrix(['bildung', 'gesundheit', 'kultur', 'wohnen', 'sport'], items, { districtId: 'd1' });
		expect(Object.fromEntries(m.rows.map((r) => [r.actionFieldId, r.kind]))).toEqual({
			bildung: 'need-without-offer',
			gesundheit: 'balanced',
			kultur: 'offer-without-need',
			wohnen: 'empty', // a merged need counts in its target, not twice
			sport: 'empty' // the need of another district is filtered out
		});
		expect(m.unmet.map((n) => n.id)).toEqual(['n1']);
		expect(m.unused.map((a) => a.id)).toEqual(['a3']);
		const noPlan = gapMatrix(['gesundheit'], { ...items, goals: [] }, {});
		expect(noPlan.rows[0].kind).toBe('need-not-in-plan');
	});

	it('filters by target group and language on both sides', () => {
		const items = {
			needs: [need({ id: 'n1', targetGroups: ['parents'], language: 'tr' }), need({ id: 'n2', targetGroups: ['seniors'] })],
			activities: [act({ id: 'a1', targetGroups: ['parents'], languages: ['tr'] }), act({ id: 'a2', targetGroups: ['youth'] })],
			goals: [],
			measures: []
		};
		const parents = gapMatrix(['bildung'], items, { targetGroup: 'parents' });
		expect(parents.rows[0]).toMatchObject({ needs: 1, activities: 1, unmetNeeds: 0 });
		const turkish = gapMatrix(['bildung'], items, { language: 'tr' });
		expect(turkish.rows[0]).toMatchObject({ needs: 1, activities: 1 });
		const seniors = gapMatrix(['bildung'], items, { targetGroup: 'seniors' });
		expect(seniors.rows[0]).toMatchObject({ needs: 1, activities: 0, unmetNeeds: 1, kind: 'need-without-offer' });
	});
});
