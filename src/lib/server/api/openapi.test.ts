import { describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { openApiDocument } from './openapi';

describe('OpenAPI document', () => {
	it('is a valid OpenAPI 3.1 document', async () => {
		const doc = structuredClone(openApiDocument());
		expect(doc.openapi).toBe('3.1.0');
		await expect(SwaggerParser.validate(doc as never)).resolves.toBeTruthy();
	});

	it('documents 401 and 404 problem responses on every operation with a token', () => {
		const doc = openApiDocument();
		for (const [path, item] of Object.entries(doc.paths ?? {})) {
			for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)) {
				if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
				expect(Object.keys(op.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['401']));
				if (path.includes('{')) expect(Object.keys(op.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['404']));
			}
		}
	});
});
