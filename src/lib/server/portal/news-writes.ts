import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { ValidationError } from '../core/errors';

/** A news item's district must be one of the municipality's districts (checked inside the command's transaction). */
export async function assertDistrict(trx: Transaction<Database>, municipalityId: string, districtId: string | null): Promise<void> {
	if (districtId === null) return;
	const d = await trx.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', '=', districtId).executeTakeFirst();
	if (!d) throw new ValidationError({ districtId: ['error.unknownReference'] });
}
