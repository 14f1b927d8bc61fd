import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { updateDistrictInput } from './district-input';
import { ancestorIds, findDistrict, findDistrictByCode, type District } from './districts.repository';
import { isUniqueViolation } from './db-errors';
import { canEditDistrict, canManageDistricts } from './policies';

export { updateDistrictInput };

/**
 * Changes a district. Narrowed grants may edit their own districts, but moving a district under another
 * parent changes the municipality's structure and needs an unnarrowed grant. Parents must not form a cycle.
 */
export async function updateDistrict(opts: { ctx: CommandContext; districtId: string; input: unknown }): Promise<District> {
	const { ctx, districtId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditDistrict(ctx.principal, districtId));
	const input = parseInput(updateDistrictInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			const before = await findDistrict(trx, municipalityId, districtId);
			if (!before) throw new NotFoundError('district');
			const parentId = input.parentId === undefined ? before.parentId : input.parentId;
			if (parentId !== before.parentId) {
				if (!canManageDistricts(ctx.principal)) throw new ForbiddenError();
				if (parentId === districtId) throw new ValidationError({ parentId: ['error.ownParent'] });
				if (parentId) {
					if (!(await findDistrict(trx, municipalityId, parentId))) throw new ValidationError({ parentId: ['error.unknownReference'] });
					if ((await ancestorIds(trx, municipalityId, parentId)).includes(districtId)) throw new ValidationError({ parentId: ['error.cycle'] });
				}
			}
			const code = input.code ?? before.code;
			if (code !== before.code) {
				const clash = await findDistrictByCode(trx, municipalityId, code);
				if (clash && clash.id !== districtId) throw new ConflictError('error.duplicateCode', 'code');
			}
			const after: District = {
				...before,
				name: input.name ?? before.name,
				code,
				parentId,
				boundary: input.boundary === undefined ? before.boundary : input.boundary,
				updatedAt: nowIso()
			};
			await trx
				.updateTable('district')
				.set({
					name: after.name,
					code: after.code,
					parent_id: after.parentId,
					boundary: after.boundary ? JSON.stringify(after.boundary) : null,
					updated_at: after.updatedAt
				})
				.where('municipality_id', '=', municipalityId)
				.where('id', '=', districtId)
				.execute();
			return { result: after, audit: { action: 'update', entity: 'district', entityId: districtId, before, after } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateCode', 'code');
		throw e;
	}
}
