import { z } from 'zod';
import { flag, idList, requiredText, trimmed } from '../core/validate';
import { ValidationError } from '../core/errors';
import { languageCodes } from '../../domain/actors';
import { actorKinds, actorLevels } from './actors.repository';

const toArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** Language codes from checkboxes (repeated field) or a JSON array; duplicates collapse. */
export const languageList = z.preprocess(toArray, z.array(z.enum(languageCodes)).max(languageCodes.length)).transform((l) => [...new Set(l)]);

/** An http(s) address or nothing; anything else (javascript:, data:) is refused. */
export const webAddress = trimmed(300).refine((s) => s === '' || /^https?:\/\/[^\s<>"]+$/i.test(s), 'error.website');

export const actorFields = {
	name: requiredText(200),
	kind: z.enum(actorKinds),
	level: z.enum(actorLevels),
	function: trimmed(500).default(''),
	interests: trimmed(4000).default(''),
	resources: trimmed(4000).default(''),
	motivation: trimmed(4000).default(''),
	address: trimmed(300).default(''),
	website: webAddress.default(''),
	languages: languageList.default([]),
	keyPerson: flag.default(false),
	actionFieldIds: idList.default([]),
	/** The districts a district-level actor works in (at least one); a city-wide actor names none. */
	districtIds: idList.default([])
};
export const createActorInput = z.object(actorFields);
/** PATCH semantics: absent fields stay unchanged (forms send every field, unchecked boxes as ''). */
export const updateActorInput = z.object({
	name: actorFields.name.optional(),
	kind: actorFields.kind.optional(),
	level: actorFields.level.optional(),
	function: trimmed(500).optional(),
	interests: trimmed(4000).optional(),
	resources: trimmed(4000).optional(),
	motivation: trimmed(4000).optional(),
	address: trimmed(300).optional(),
	website: webAddress.optional(),
	languages: languageList.optional(),
	keyPerson: flag.optional(),
	actionFieldIds: idList.optional(),
	districtIds: idList.optional()
});
export type CreateActorInput = z.output<typeof createActorInput>;

/**
 * The level rule of the handbook's overview (fields × levels): a district-level actor names at least one
 * district it works in, a city-wide actor none. Checked on the state after the change.
 */
export function checkLevelDistricts(level: string, districtIds: readonly string[]): void {
	if (level === 'district' && districtIds.length === 0) throw new ValidationError({ districtIds: ['error.actorDistrictRequired'] });
	if (level === 'city' && districtIds.length > 0) throw new ValidationError({ districtIds: ['error.actorCityWideDistricts'] });
}
