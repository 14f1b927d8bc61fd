import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { translationKinds } from '../../domain/plans/translations';
import { savePlanTranslationsInput } from './save-plan-translations';
import { setPlanContentLanguagesInput } from './set-plan-content-languages';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const planPath = { path: z.object({ planId: z.uuid() }) };
const counts = {
	total: z.number().int().meta({ description: 'German texts of the plan that are not empty' }),
	current: z.number().int(),
	outdated: z.number().int().meta({ description: 'Translated from a German text that has changed since' }),
	missing: z.number().int()
};

export const translationItemSchema = z
	.object({
		kind: z.enum(translationKinds),
		entityId: z.uuid(),
		field: z.string().meta({ description: 'plan: introOrigin, introFunction, introScope, integrationUnderstanding; goal and measure: title, description; actionField: name' }),
		group: z.uuid().nullable().meta({ description: 'The field of action the text is shown under; null for the plan’s own texts' }),
		source: z.string().meta({ description: 'The German text as it is now' }),
		text: z.string().meta({ description: 'The translation; empty when missing' }),
		state: z.enum(['missing', 'current', 'outdated']),
		updatedAt: z.string().nullable(),
		updatedByName: z.string().nullable()
	})
	.meta({ id: 'PlanTranslationItem' });

export const planTranslationsSchema = z.object({ language: z.string(), ...counts, items: z.array(translationItemSchema) }).meta({ id: 'PlanTranslations' });

export const planTranslationsPaths: ZodOpenApiPathsObject = {
	'/plans/{planId}/content-languages': {
		get: {
			operationId: 'getPlanContentLanguages',
			summary: 'The languages the plan’s texts are translated into (German is the source)',
			tags: ['plans'],
			requestParams: planPath,
			responses: { '200': { description: 'The content languages', ...json(z.object({ languages: z.array(z.string()) })) }, ...problemResponses }
		},
		put: {
			operationId: 'setPlanContentLanguages',
			summary: 'Replace the plan’s content languages (languages of the municipality, never German); translations of a dropped language are kept',
			tags: ['plans'],
			requestParams: planPath,
			requestBody: { required: true, ...json(setPlanContentLanguagesInput) },
			responses: { '200': { description: 'The content languages in the municipality’s order', ...json(z.object({ languages: z.array(z.string()) })) }, ...writeProblemResponses }
		}
	},
	'/plans/{planId}/translations': {
		get: {
			operationId: 'getPlanTranslations',
			summary: 'Without language: each content language with its counts. With language: every German text of the plan beside its translation',
			tags: ['plans'],
			requestParams: { ...planPath, query: z.object({ language: z.string().optional().meta({ description: 'A content language of the plan (422 otherwise)' }) }) },
			responses: {
				'200': {
					description: 'The counts per language, or the texts of one language',
					...json(z.union([z.object({ contentLanguages: z.array(z.string()), languages: z.array(z.object({ language: z.string(), ...counts })) }), planTranslationsSchema]))
				},
				...problemResponses,
				'422': writeProblemResponses['422']
			}
		},
		put: {
			operationId: 'savePlanTranslations',
			summary: 'Save translations of one content language: only the items listed change; an empty text removes a translation; confirm marks an unchanged one as fitting the German text as it is now',
			description:
				'Admin, coordinator or planner of the district. One transaction with one audit entry. Errors of an item are reported under `tr:<kind>:<entityId>:<field>`; another plan’s or municipality’s texts are errors and nothing is written.',
			tags: ['plans'],
			requestParams: planPath,
			requestBody: { required: true, ...json(savePlanTranslationsInput) },
			responses: { '200': { description: 'How many were saved and removed, and the texts of the language as stored', ...json(planTranslationsSchema.extend({ saved: z.number().int(), removed: z.number().int() })) }, ...writeProblemResponses }
		}
	}
};
