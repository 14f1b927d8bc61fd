import { z } from 'zod';
import { requiredText } from '../core/validate';
import { actorKinds, actorLevels } from './actors.repository';

export const actorFields = {
	name: requiredText(200),
	kind: z.enum(actorKinds),
	level: z.enum(actorLevels)
};
export const createActorInput = z.object(actorFields);
export const updateActorInput = z.object(actorFields).partial();
