import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { createActorInput, updateActorInput } from './actor-input';
import { actorKinds, actorLevels } from './actors.repository';

export const actorSchema = z
	.object({ id: z.uuid(), name: z.string(), kind: z.enum(actorKinds), level: z.enum(actorLevels) })
	.meta({ id: 'Actor', description: 'An organisation acting in the district or city-wide; departments are actors of kind administration' });

const actorPath = { path: z.object({ actorId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const actorsPaths: ZodOpenApiPathsObject = {
	'/actors': {
		get: {
			operationId: 'listActors',
			summary: 'All actors of the municipality, by name',
			tags: ['actors'],
			responses: { '200': { description: 'The actors', ...json(z.object({ data: z.array(actorSchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createActor',
			summary: 'Record an actor; names are unique per municipality',
			tags: ['actors'],
			requestBody: { required: true, ...json(createActorInput) },
			responses: { '201': { description: 'Created', ...json(actorSchema) }, ...writeProblemResponses }
		}
	},
	'/actors/{actorId}': {
		get: {
			operationId: 'getActor',
			summary: 'One actor',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '200': { description: 'The actor', ...json(actorSchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateActor',
			summary: 'Change an actor; absent fields stay unchanged',
			tags: ['actors'],
			requestParams: actorPath,
			requestBody: { required: true, ...json(updateActorInput) },
			responses: { '200': { description: 'The changed actor', ...json(actorSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteActor',
			summary: 'Delete an actor; 409 while measures, users or invitations refer to it',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	}
};
