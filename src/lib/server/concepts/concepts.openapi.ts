import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { conceptGoalInput, createCityConceptInput, updateCityConceptInput } from './concept-input';
import { cityConceptKinds } from './concept-model';

export const conceptGoalSchema = z
	.object({ id: z.uuid(), conceptId: z.uuid(), code: z.string(), title: z.string(), description: z.string() })
	.meta({ id: 'ConceptGoal', description: 'A goal of a city-wide concept; goals of action plans link to it' });

export const cityConceptSchema = z
	.object({
		id: z.uuid(),
		kind: z.enum(cityConceptKinds),
		title: z.string(),
		year: z.number().int().nullable(),
		description: z.string(),
		createdAt: z.string(),
		updatedAt: z.string(),
		goals: z.array(conceptGoalSchema)
	})
	.meta({ id: 'CityConcept', description: 'A city-wide concept (integration concept, ISEK, youth, education or social planning) with its goals' });

const conceptPath = { path: z.object({ conceptId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const conceptsPaths: ZodOpenApiPathsObject = {
	'/concepts': {
		get: {
			operationId: 'listCityConcepts',
			summary: 'All city-wide concepts with their goals',
			tags: ['concepts'],
			responses: { '200': { description: 'The concepts', ...json(z.object({ data: z.array(cityConceptSchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createCityConcept',
			summary: 'Record a city-wide concept (unnarrowed admin, coordinator or planner)',
			tags: ['concepts'],
			requestBody: { required: true, ...json(createCityConceptInput) },
			responses: { '201': { description: 'Created', ...json(cityConceptSchema) }, ...writeProblemResponses }
		}
	},
	'/concepts/{conceptId}': {
		get: {
			operationId: 'getCityConcept',
			summary: 'One city-wide concept with its goals',
			tags: ['concepts'],
			requestParams: conceptPath,
			responses: { '200': { description: 'The concept', ...json(cityConceptSchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateCityConcept',
			summary: 'Change a city-wide concept; absent fields stay unchanged',
			tags: ['concepts'],
			requestParams: conceptPath,
			requestBody: { required: true, ...json(updateCityConceptInput) },
			responses: { '200': { description: 'The changed concept', ...json(cityConceptSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteCityConcept',
			summary: 'Delete a concept with its goals; 409 while goals of action plans link to them',
			tags: ['concepts'],
			requestParams: conceptPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	},
	'/concepts/{conceptId}/goals': {
		post: {
			operationId: 'createConceptGoal',
			summary: 'Add a goal to a city-wide concept',
			tags: ['concepts'],
			requestParams: conceptPath,
			requestBody: { required: true, ...json(conceptGoalInput) },
			responses: { '201': { description: 'Created', ...json(conceptGoalSchema) }, ...writeProblemResponses }
		}
	}
};
