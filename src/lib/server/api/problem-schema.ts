import { z } from 'zod';

/**
 * Problem responses for the OpenAPI paths of every area. Kept apart from openapi.ts, which imports the
 * areas' paths: an <area>.openapi.ts importing these from openapi.ts would be an import cycle.
 */
export const problemSchema = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string().optional(),
		errors: z.record(z.string(), z.array(z.string())).optional(),
		requestId: z.string().optional()
	})
	.meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Standard error responses every endpoint can give. */
export const problemResponses = {
	'401': { description: 'Missing or invalid token', content: { 'application/problem+json': { schema: problemSchema } } },
	'403': { description: 'Not permitted', content: { 'application/problem+json': { schema: problemSchema } } },
	'404': { description: 'Not found (also for ids of another municipality)', content: { 'application/problem+json': { schema: problemSchema } } }
} as const;
export const writeProblemResponses = {
	...problemResponses,
	'400': { description: 'Malformed JSON', content: { 'application/problem+json': { schema: problemSchema } } },
	'409': { description: 'Conflict', content: { 'application/problem+json': { schema: problemSchema } } },
	'413': { description: 'Body too large', content: { 'application/problem+json': { schema: problemSchema } } },
	'415': { description: 'Not JSON', content: { 'application/problem+json': { schema: problemSchema } } },
	'422': { description: 'Invalid fields', content: { 'application/problem+json': { schema: problemSchema } } }
} as const;
