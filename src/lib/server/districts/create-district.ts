import type { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { createDistrictInput } from './district-input';
import { findDistrict, findDistrictByCode, type District } from './districts.repository';
import { isUniqueViolation } from './db-errors';
import { canManageDistricts } from './policies';

export { createDistrictInput };

/** Creates a district (or a statistical unit of one). Needs an unnarrowed admin/coordinator/planner grant. */
export async function createDistrict(opts: { ctx: CommandContext; input: unknown }): Promise<District> {
	const { ctx } = opts;
	assert(canManageDistricts(ctx.principal));
	const input: z.output<typeof createDistrictInput> = parseInput(createDistrictInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	try {
		return await inTransaction(ctx, async (trx) => {
			if (input.parentId && !(await findDistrict(trx, municipalityId, input.parentId))) {
				throw new ValidationError({ parentId: ['error.unknownReference'] });
			}
			if (await findDistrictByCode(trx, municipalityId, input.code)) throw new ConflictError('error.duplicateCode', 'code');
			const now = nowIso();
			const district: District = {
				id: newId(),
				name: input.name,
				code: input.code,
				parentId: input.parentId ?? null,
				boundary: input.boundary ?? null,
				createdAt: now,
				updatedAt: now
			};
			await trx
				.insertInto('district')
				.values({
					id: district.id,
					municipality_id: municipalityId,
					name: district.name,
					code: district.code,
					parent_id: district.parentId,
					boundary: district.boundary ? JSON.stringify(district.boundary) : null,
					created_at: now,
					updated_at: now
				})
				.execute();
			return { result: district, audit: { action: 'create', entity: 'district', entityId: district.id, after: district } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateCode', 'code');
		throw e;
	}
}
