import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { boundaryGeometrySchema, createDistrictInput, updateDistrictInput } from './district-input';

export const districtSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		code: z.string(),
		parentId: z.uuid().nullable(),
		boundary: boundaryGeometrySchema.nullable(),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'District', description: 'A district, neighbourhood or statistical area; parentId links a statistical unit to the district it belongs to' });

export const districtSummarySchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		code: z.string(),
		parentId: z.uuid().nullable(),
		parentName: z.string().nullable(),
		depth: z.number().int().meta({ description: '0 for top-level districts; the list is in tree order' }),
		childrenCount: z.number().int(),
		hasBoundary: z.boolean(),
		hasConcept: z.boolean(),
		hasPlan: z.boolean()
	})
	.meta({ id: 'DistrictSummary' });

const districtPath = { path: z.object({ districtId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const districtsPaths: ZodOpenApiPathsObject = {
	'/districts': {
		get: {
			operationId: 'listDistricts',
			summary: 'All districts of the municipality in tree order (without boundaries)',
			tags: ['districts'],
			responses: { '200': { description: 'The districts', ...json(z.object({ data: z.array(districtSummarySchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createDistrict',
			summary: 'Create a district (needs an unnarrowed admin, coordinator or planner role)',
			tags: ['districts'],
			requestBody: { required: true, ...json(createDistrictInput) },
			responses: { '201': { description: 'Created', ...json(districtSchema) }, ...writeProblemResponses }
		}
	},
	'/districts/{districtId}': {
		get: {
			operationId: 'getDistrict',
			summary: 'One district with its boundary',
			tags: ['districts'],
			requestParams: districtPath,
			responses: { '200': { description: 'The district', ...json(districtSchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateDistrict',
			summary: 'Change a district; absent fields stay unchanged, boundary null removes it',
			tags: ['districts'],
			requestParams: districtPath,
			requestBody: { required: true, ...json(updateDistrictInput) },
			responses: { '200': { description: 'The changed district', ...json(districtSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteDistrict',
			summary: 'Delete a district; 409 while it has sub-areas, a concept, a plan or narrowed role grants',
			tags: ['districts'],
			requestParams: districtPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	}
};
