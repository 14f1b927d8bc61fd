import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { ValidationError } from '../core/errors';
import type { ReferenceErrors } from '../plans/references';

type Trx = Transaction<Database>;

/** The district a new record goes into must be one of this municipality (else a field error, not a 404). */
export async function requireDistrict(trx: Trx, municipalityId: string, districtId: string): Promise<void> {
	const d = await trx.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', '=', districtId).executeTakeFirst();
	if (!d) throw new ValidationError({ districtId: ['error.unknownReference'] });
}

/** An engagement of this municipality in the same district; returns its kind (the channel of its needs). */
export async function checkEngagement(trx: Trx, municipalityId: string, districtId: string, id: string, errs: ReferenceErrors): Promise<string | null> {
	const e = await trx.selectFrom('engagement').select(['id', 'district_id', 'kind']).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	if (!e) errs.add('engagementId', 'error.unknownReference');
	else if (e.district_id !== districtId) errs.add('engagementId', 'error.needOtherDistrict');
	return e?.kind ?? null;
}

/** Goals and measures a need is taken up in must belong to the action plan of the need's district. */
export async function checkPlanLinks(trx: Trx, municipalityId: string, districtId: string, goalIds: string[], measureIds: string[], errs: ReferenceErrors): Promise<void> {
	const verdict = (rows: { district_id: string }[], ids: string[], field: string) => {
		if (rows.length !== ids.length) errs.add(field, 'error.unknownReference');
		else if (rows.some((r) => r.district_id !== districtId)) errs.add(field, 'error.needOtherDistrict');
	};
	if (goalIds.length) {
		const rows = await trx
			.selectFrom('goal as x')
			.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'x.action_plan_id').onRef('p.municipality_id', '=', 'x.municipality_id'))
			.select(['x.id', 'p.district_id'])
			.where('x.municipality_id', '=', municipalityId)
			.where('x.id', 'in', goalIds)
			.execute();
		verdict(rows, goalIds, 'goalIds');
	}
	if (measureIds.length) {
		const rows = await trx
			.selectFrom('measure as x')
			.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'x.action_plan_id').onRef('p.municipality_id', '=', 'x.municipality_id'))
			.select(['x.id', 'p.district_id'])
			.where('x.municipality_id', '=', municipalityId)
			.where('x.id', 'in', measureIds)
			.execute();
		verdict(rows, measureIds, 'measureIds');
	}
}
