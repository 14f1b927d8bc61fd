import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { createSurveyInput, updateSurveyInput, questionInput, statusInput } from './survey-input';
import { questionKinds, surveyStatuses } from '../../domain/surveys/model';

const questionSchema = z
	.object({
		id: z.uuid(),
		kind: z.enum(questionKinds),
		text: z.string(),
		help: z.string(),
		required: z.boolean(),
		personalData: z.boolean(),
		consentText: z.string(),
		options: z.array(z.object({ key: z.string(), label: z.string() })),
		min: z.number().nullable(),
		max: z.number().nullable(),
		maxLength: z.number().int().nullable(),
		condition: z.object({ questionId: z.uuid(), optionKey: z.string() }).nullable()
	})
	.meta({ id: 'SurveyQuestion', description: 'A question; conditions show it only when an earlier choice question has the option' });

const surveySchema = z
	.object({
		id: z.uuid(),
		districtId: z.uuid().nullable(),
		title: z.string(),
		description: z.string(),
		sourceLanguage: z.string(),
		status: z.enum(surveyStatuses),
		publicToken: z.string().meta({ description: 'The anonymous public link is /s/{publicToken}' }),
		minFillSeconds: z.number().int(),
		openedAt: z.string().nullable(),
		closedAt: z.string().nullable(),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'Survey', description: 'A survey of the municipality or one district' });

const surveyDocument = surveySchema
	.extend({
		questions: z.array(questionSchema),
		offeredLanguages: z.array(z.string()),
		translations: z.array(z.object({ language: z.string(), published: z.boolean(), missing: z.number().int() }))
	})
	.meta({ id: 'SurveyDocument' });

const figure = z.object({ value: z.number().int().nullable(), suppressed: z.boolean() });
const resultsSchema = z
	.object({
		surveyId: z.uuid(),
		responses: z.number().int(),
		minimumCount: z.number().int(),
		questions: z.array(
			z.object({
				questionId: z.uuid(),
				kind: z.enum(questionKinds),
				text: z.string(),
				answered: figure,
				options: z.array(z.object({ key: z.string(), label: z.string(), count: figure })).optional(),
				coordinates: figure.optional(),
				summary: z.object({ min: z.number(), max: z.number(), mean: z.number(), median: z.number() }).nullable().optional()
			})
		)
	})
	.meta({ id: 'SurveyResults', description: 'Aggregates after disclosure control: counts under 5 and their complementary cells are null' });

const translationBody = z.object({
	publish: z.boolean().optional(),
	texts: z
		.object({
			title: z.string().optional(),
			description: z.string().optional(),
			questions: z.record(z.string(), z.object({ text: z.string().optional(), help: z.string().optional(), consentText: z.string().optional(), options: z.record(z.string(), z.string()).optional() })).optional()
		})
		.optional()
});

const surveyPath = { path: z.object({ surveyId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const surveysPaths: ZodOpenApiPathsObject = {
	'/surveys': {
		get: {
			operationId: 'listSurveys',
			summary: 'Surveys whose results the token may read, open ones first',
			tags: ['surveys'],
			responses: { '200': { description: 'The surveys', ...json(z.object({ data: z.array(surveySchema.extend({ responses: z.number().int(), questions: z.number().int() })) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createSurvey',
			summary: 'Create a draft survey',
			tags: ['surveys'],
			requestBody: { required: true, ...json(createSurveyInput) },
			responses: { '201': { description: 'Created', ...json(surveySchema) }, ...writeProblemResponses }
		}
	},
	'/surveys/{surveyId}': {
		get: { operationId: 'getSurvey', summary: 'A survey with its questions and translation states', tags: ['surveys'], requestParams: surveyPath, responses: { '200': { description: 'The survey', ...json(surveyDocument) }, ...problemResponses } },
		patch: {
			operationId: 'updateSurvey',
			summary: 'Change title, introduction, district or minimum fill time of a draft survey',
			tags: ['surveys'],
			requestParams: surveyPath,
			requestBody: { required: true, ...json(updateSurveyInput) },
			responses: { '200': { description: 'The changed survey', ...json(surveyDocument) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteSurvey',
			summary: 'Delete a survey that is not open, with its responses',
			tags: ['surveys'],
			requestParams: surveyPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	},
	'/surveys/{surveyId}/questions': {
		post: {
			operationId: 'createSurveyQuestion',
			summary: 'Append a question to a draft survey; condition is "<questionId>:<optionKey>"',
			tags: ['surveys'],
			requestParams: surveyPath,
			requestBody: { required: true, ...json(questionInput) },
			responses: { '201': { description: 'Created', ...json(questionSchema) }, ...writeProblemResponses }
		}
	},
	'/surveys/{surveyId}/status': {
		post: {
			operationId: 'setSurveyStatus',
			summary: 'Open, close, reopen a survey, or return it to draft while it has no responses',
			tags: ['surveys'],
			requestParams: surveyPath,
			requestBody: { required: true, ...json(statusInput) },
			responses: { '200': { description: 'The survey', ...json(surveyDocument) }, ...writeProblemResponses }
		}
	},
	'/surveys/{surveyId}/translations/{language}': {
		put: {
			operationId: 'saveSurveyTranslation',
			summary: 'Save the texts of one language; published only when complete',
			tags: ['surveys'],
			requestParams: { path: z.object({ surveyId: z.uuid(), language: z.string() }) },
			requestBody: { required: true, ...json(translationBody) },
			responses: {
				'200': { description: 'Saved; `missing` lists what an incomplete translation lacks', ...json(z.object({ language: z.string(), published: z.boolean(), missing: z.array(z.record(z.string(), z.unknown())) })) },
				...writeProblemResponses
			}
		}
	},
	'/surveys/{surveyId}/results': {
		get: { operationId: 'getSurveyResults', summary: 'Counts per option and summaries after disclosure control', tags: ['surveys'], requestParams: surveyPath, responses: { '200': { description: 'The results', ...json(resultsSchema) }, ...problemResponses } }
	}
};
