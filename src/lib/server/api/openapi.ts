import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { apiPaths } from './paths';

// Re-exported for existing imports; areas import them from './problem-schema' (openapi.ts imports the areas).
export { problemSchema, problemResponses, writeProblemResponses } from './problem-schema';

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
