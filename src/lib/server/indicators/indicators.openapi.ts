import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { directions, upsertObservationsInput, valueKinds } from './indicator-input';
import { observationQueryInput } from './observations-api';
import { importsPaths } from './imports.openapi';

export const indicatorSchema = z
	.object({
		id: z.uuid(),
		key: z.string(),
		name: z.string(),
		unit: z.string(),
		definition: z.string(),
		numeratorDescription: z.string(),
		denominatorDescription: z.string(),
		source: z.string(),
		spatialLevel: z.string(),
		direction: z.enum(directions),
		valueKind: z.enum(valueKinds),
		isShare: z.boolean(),
		disclosureMin: z.number().int().meta({ description: 'Counts below this are suppressed wherever figures leave the server' }),
		scale: z.number().meta({ description: 'A share is numerator / denominator × scale (100 for per cent)' }),
		topic: z.string(),
		sortOrder: z.number().int(),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'Indicator', description: 'An indicator of the municipality’s catalogue' });

export const apiObservationSchema = z
	.object({
		indicatorId: z.uuid(),
		indicatorKey: z.string(),
		areaId: z.uuid(),
		areaCode: z.string(),
		period: z.string().meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
		value: z.number().nullable().meta({ description: 'null when suppressed (disclosure control or source) or not available' }),
		numerator: z.number().nullable(),
		denominator: z.number().nullable(),
		flags: z.array(z.string()).meta({ description: 'suppressed-primary, suppressed-secondary, estimated, provisional, limited' })
	})
	.meta({ id: 'Observation', description: 'A disclosed observation: indicator × statistical area × period' });

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const indicatorsPaths: ZodOpenApiPathsObject = {
	'/indicators': {
		get: {
			operationId: 'listIndicators',
			summary: 'The indicator catalogue of the municipality',
			tags: ['statistics'],
			responses: { '200': { description: 'The indicators', ...json(z.object({ data: z.array(indicatorSchema) })) }, '401': problemResponses['401'] }
		}
	},
	'/indicators/{indicatorId}': {
		get: {
			operationId: 'getIndicator',
			summary: 'One indicator',
			tags: ['statistics'],
			requestParams: { path: z.object({ indicatorId: z.uuid() }) },
			responses: { '200': { description: 'The indicator', ...json(indicatorSchema) }, ...problemResponses }
		}
	},
	'/observations': {
		get: {
			operationId: 'listObservations',
			summary: 'Observations with disclosure control applied (small counts suppressed); 404 for an unknown indicator or area',
			tags: ['statistics'],
			requestParams: { query: observationQueryInput },
			responses: {
				'200': { description: 'The observations', ...json(z.object({ data: z.array(apiObservationSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })) },
				...problemResponses,
				'422': writeProblemResponses['422']
			}
		},
		post: {
			operationId: 'upsertObservations',
			summary: 'Store a batch of observations idempotently (the same indicator, area and period is updated, never duplicated); all or nothing',
			description:
				'An indicatorId or areaId that is not this municipality’s – another municipality’s or none at all, the answer is the same – gives 404 with `errors` naming the fields (observations.<i>.indicatorId / .areaId); nothing is written. Invalid values give 422.',
			tags: ['statistics'],
			requestBody: { required: true, ...json(upsertObservationsInput) },
			responses: {
				'200': { description: 'Counts', ...json(z.object({ inserted: z.number().int(), updated: z.number().int() })) },
				...writeProblemResponses,
				'404': { description: 'An indicator or area id is not this municipality’s; `errors` names the fields, nothing is written', content: writeProblemResponses['404'].content }
			}
		}
	},
	...importsPaths
};
