import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { accountsPaths } from '../accounts/accounts.openapi';

/** Each domain area contributes its endpoints' OpenAPI paths (its <area>.openapi.ts) here. */
export const apiPaths: ZodOpenApiPathsObject[] = [accountsPaths];
