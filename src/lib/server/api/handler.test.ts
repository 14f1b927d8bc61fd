import { describe, expect, it } from 'vitest';
import { ApiInputError, problemFromError, readJson } from './handler';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';

const req = (body: string, type = 'application/json', headers: Record<string, string> = {}) =>
	new Request('http://x/api/v1/x', { method: 'POST', body, headers: { 'content-type': type, ...headers } });

describe('readJson', () => {
	it('parses a JSON body', async () => {
		expect(await readJson(req('{"a":1}'))).toEqual({ a: 1 });
	});
	it('refuses other media types with 415', async () => {
		await expect(readJson(req('a=1', 'application/x-www-form-urlencoded'))).rejects.toMatchObject({ status: 415 });
	});
	it('refuses malformed JSON with 400', async () => {
		await expect(readJson(req('{"a":'))).rejects.toMatchObject({ status: 400, type: 'malformed-json' });
	});
	it('refuses a body over the limit with 413, by declared length and by actual size', async () => {
		await expect(readJson(req('{}', 'application/json', { 'content-length': '5000000' }), 1000)).rejects.toBeInstanceOf(ApiInputError);
		await expect(readJson(req(JSON.stringify({ a: 'x'.repeat(2000) })), 1000)).rejects.toMatchObject({ status: 413 });
	});
});

describe('problemFromError', () => {
	const body = async (r: Response) => ({ status: r.status, type: r.headers.get('content-type'), json: await r.json() });
	it('maps domain errors to problem+json with the right status and translated field messages', async () => {
		const v = await body(problemFromError(new ValidationError({ title: ['error.required'] }), 'de', 'r1'));
		expect(v.status).toBe(422);
		expect(v.type).toContain('application/problem+json');
		expect(v.json.errors).toEqual({ title: ['Bitte füllen Sie dieses Feld aus.'] });
		expect(v.json.requestId).toBe('r1');
		expect((await body(problemFromError(new NotFoundError('measure'), 'en', 'r'))).status).toBe(404);
		expect((await body(problemFromError(new ForbiddenError(), 'en', 'r'))).status).toBe(403);
		const c = await body(problemFromError(new ConflictError('error.duplicateCode', 'code'), 'en', 'r'));
		expect(c.status).toBe(409);
		expect(c.json.errors.code).toEqual(['This key is already in use.']);
	});
	it('answers 500 without details for unexpected errors', async () => {
		const r = await body(problemFromError(new Error('secret internals'), 'de', 'r2'));
		expect(r.status).toBe(500);
		expect(JSON.stringify(r.json)).not.toContain('secret');
	});
});
