import type { ZodOpenApiPathsObject } from 'zod-openapi';

/** Each domain area contributes its endpoints' OpenAPI paths (its <area>.openapi.ts) here. */
export const apiPaths: ZodOpenApiPathsObject[] = [];
