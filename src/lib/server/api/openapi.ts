import { z } from 'zod';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { apiPaths } from './paths';

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

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function openApiDocument() {
	cached ??= createDocument({
		openapi: '3.1.0',
		info: {
			title: 'Quartier API',
			version: '1.0.0',
			description:
				'REST API of Quartier. Authenticate with an API token of your municipality (Authorization: Bearer …); every request acts in that municipality. Errors are RFC 9457 problem+json.'
		},
		servers: [{ url: '/api/v1' }],
		security: [{ bearerAuth: [] }],
		components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
		paths: mergePaths(apiPaths)
	});
	return cached;
}

function mergePaths(parts: ZodOpenApiPathsObject[]): ZodOpenApiPathsObject {
	const out: ZodOpenApiPathsObject = {};
	for (const p of parts) for (const [path, item] of Object.entries(p)) out[path] = { ...(out[path] ?? {}), ...item };
	return out;
}
