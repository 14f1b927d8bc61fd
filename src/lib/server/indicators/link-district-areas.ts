import type { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError, ValidationError } from '../core/errors';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findDistrict } from '../districts/districts.repository';
import { canEditDistrict } from '../districts/policies';
import { linkDistrictAreasInput } from './indicator-input';
import { findAreas, listDistrictAreaIds } from './indicators.repository';

export { linkDistrictAreasInput };

/** Sets the statistical areas a district is composed of (replaces the previous set). */
export async function linkDistrictAreas(opts: { ctx: CommandContext; input: unknown }): Promise<string[]> {
	const { ctx } = opts;
	const input: z.output<typeof linkDistrictAreasInput> = parseInput(linkDistrictAreasInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditDistrict(ctx.principal, input.districtId));
	const areaIds = [...new Set(input.areaIds)].sort();
	return inTransaction(ctx, async (trx) => {
		if (!(await findDistrict(trx, municipalityId, input.districtId))) throw new NotFoundError('district');
		const found = await findAreas(trx, municipalityId, areaIds);
		if (found.length !== areaIds.length) throw new ValidationError({ areaIds: ['error.unknownReference'] });
		const before = await listDistrictAreaIds(trx, municipalityId, input.districtId);
		await trx.deleteFrom('district_area').where('municipality_id', '=', municipalityId).where('district_id', '=', input.districtId).execute();
		for (let i = 0; i < areaIds.length; i += 500)
			await trx
				.insertInto('district_area')
				.values(areaIds.slice(i, i + 500).map((area_id) => ({ municipality_id: municipalityId, district_id: input.districtId, area_id })))
				.execute();
		return { result: areaIds, audit: { action: 'update', entity: 'district_area', entityId: input.districtId, before, after: areaIds } };
	});
}
