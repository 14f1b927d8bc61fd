import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses } from '../api/problem-schema';
import { roles } from '../core/roles';

export const meSchema = z
	.object({
		user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
		municipality: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
		grants: z.array(
			z.object({
				role: z.enum(roles),
				actorId: z.string().nullable(),
				districtIds: z.array(z.string()).nullable().meta({ description: 'null = the whole municipality' })
			})
		)
	})
	.meta({ id: 'Me', description: 'The user an API token acts as, its municipality and roles there' });

export const accountsPaths: ZodOpenApiPathsObject = {
	'/me': {
		get: {
			operationId: 'getMe',
			summary: 'The token’s user, municipality and roles',
			tags: ['accounts'],
			responses: {
				'200': { description: 'The principal of this token', content: { 'application/json': { schema: meSchema } } },
				'401': problemResponses['401']
			}
		}
	}
};
