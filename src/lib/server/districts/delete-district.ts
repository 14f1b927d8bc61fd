import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { districtUsage, findDistrict } from './districts.repository';
import { isForeignKeyViolation } from './db-errors';
import { canManageDistricts } from './policies';

/**
 * Deletes a district that nothing refers to any more. Refused (error.inUse) while it has statistical units,
 * a district concept, an action plan, or role grants narrowed to it: removing the last district of a
 * narrowed grant would silently widen that grant to the whole municipality.
 */
export async function deleteDistrict(opts: { ctx: CommandContext; districtId: string }): Promise<void> {
	const { ctx, districtId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canManageDistricts(ctx.principal));
	try {
		await inTransaction(ctx, async (trx) => {
			const before = await findDistrict(trx, municipalityId, districtId);
			if (!before) throw new NotFoundError('district');
			const usage = await districtUsage(trx, municipalityId, districtId);
			if (usage.children || usage.concepts || usage.plans || usage.grants) throw new ConflictError('error.inUse');
			await trx.deleteFrom('district').where('municipality_id', '=', municipalityId).where('id', '=', districtId).execute();
			return { result: undefined, audit: { action: 'delete', entity: 'district', entityId: districtId, before } };
		});
	} catch (e) {
		// Rows of other areas (observations, needs, …) may refer to the district through their own foreign keys.
		if (isForeignKeyViolation(e)) throw new ConflictError('error.inUse');
		throw e;
	}
}
