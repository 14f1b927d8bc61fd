import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { measureStatuses, spatialScopes } from '../../domain/plans';
import { createGoalInput, goalInput } from './goal-input';
import { createMeasureInput, measureInput } from './measure-input';
import { measureProgressInput } from './update-measure-progress';
import { planRulesSchema } from './plan-versions.openapi';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const date = z.string().meta({ description: 'Calendar date YYYY-MM-DD' });

export const actionFieldSchema = z
	.object({ id: z.uuid(), key: z.string(), name: z.string(), description: z.string(), sortOrder: z.number().int(), active: z.boolean() })
	.meta({ id: 'ActionField', description: 'A field of action (Handlungsfeld); inactive ones are not offered for new goals and measures' });

export const planSummarySchema = z
	.object({ id: z.uuid(), title: z.string(), districtId: z.uuid(), districtName: z.string(), goalCount: z.number().int(), measureCount: z.number().int(), updatedAt: z.string() })
	.meta({ id: 'ActionPlanSummary' });

export const goalSchema = z
	.object({
		id: z.uuid(),
		planId: z.uuid(),
		parentGoalId: z.uuid().nullable(),
		actionFieldId: z.uuid(),
		actionFieldName: z.string(),
		actionFieldSortOrder: z.number().int(),
		title: z.string(),
		description: z.string(),
		priority: z.number().int().min(1).max(3).meta({ description: '1 high, 2 medium, 3 low' }),
		timeHorizon: date.nullable(),
		operationalisation: z.string(),
		conceptGoals: z.array(z.object({ id: z.uuid(), code: z.string(), title: z.string() })),
		measureCount: z.number().int(),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'Goal' });

export const planSchema = z
	.object({
		id: z.uuid(),
		districtId: z.uuid(),
		districtName: z.string(),
		title: z.string(),
		intro: z.object({ origin: z.string(), function: z.string(), scope: z.string() }).meta({ description: 'The introduction: origin, function and scope of the plan' }),
		contentLanguages: z.array(z.string()).meta({ description: 'Languages the plan’s texts are translated into (German is the source)' }),
		reportingRules: z.string(),
		evaluationRules: z.string(),
		revisionRules: z.string(),
		rules: planRulesSchema,
		createdAt: z.string(),
		updatedAt: z.string(),
		goals: z.array(goalSchema)
	})
	.meta({ id: 'ActionPlan', description: 'A Local Action Plan with its goals' });

export const measureSchema = z
	.object({
		id: z.uuid(),
		planId: z.uuid(),
		planTitle: z.string(),
		districtId: z.uuid(),
		districtName: z.string(),
		actionFieldId: z.uuid(),
		actionFieldName: z.string(),
		title: z.string(),
		description: z.string(),
		leadActorId: z.uuid().nullable(),
		leadActorName: z.string().nullable(),
		startDate: date.nullable(),
		endDate: date.nullable(),
		costCents: z.number().int().nullable().meta({ description: 'Cost in euro cents' }),
		fundingSource: z.string(),
		spatialScope: z.enum(spatialScopes),
		siteLabel: z.string(),
		siteLat: z.number().nullable(),
		siteLon: z.number().nullable(),
		decidableLocally: z.boolean(),
		integrated: z.boolean(),
		starterProject: z.boolean(),
		status: z.enum(measureStatuses),
		goals: z.array(z.object({ id: z.uuid(), title: z.string(), priority: z.number().int(), actionFieldId: z.uuid(), actionFieldName: z.string() })),
		partners: z.array(z.object({ id: z.uuid(), name: z.string() })),
		milestones: z.array(z.object({ id: z.uuid(), title: z.string(), dueDate: date, done: z.boolean(), sortOrder: z.number().int() })),
		createdAt: z.string(),
		updatedAt: z.string()
	})
	.meta({ id: 'Measure' });

const planPath = { path: z.object({ planId: z.uuid() }) };
const goalPath = { path: z.object({ goalId: z.uuid() }) };
const measurePath = { path: z.object({ measureId: z.uuid() }) };
const measureQuery = z.object({
	plan: z.uuid().optional().meta({ description: 'Only measures of this action plan' }),
	field: z.uuid().optional().meta({ description: 'Field of action' }),
	goal: z.uuid().optional().meta({ description: 'Measures serving this goal' }),
	lead: z.string().optional().meta({ description: 'Lead actor id, or "none" for measures without a lead' }),
	status: z.enum(measureStatuses).optional()
});
const measureBodyNote =
	'Cost as costCents (integer) or cost (German amount string such as "12.500,00", or a number of euros). Checkbox-like flags are JSON booleans. Dates YYYY-MM-DD; endDate must not be before startDate; siteLat and siteLon only together.';

export const plansPaths: ZodOpenApiPathsObject = {
	'/action-fields': {
		get: {
			operationId: 'listActionFields',
			summary: 'Fields of action of the municipality in their order',
			tags: ['plans'],
			responses: { '200': { description: 'The fields of action', ...json(z.object({ data: z.array(actionFieldSchema) })) }, '401': problemResponses['401'] }
		}
	},
	'/plans': {
		get: {
			operationId: 'listPlans',
			summary: 'Local Action Plans of the municipality (one per district)',
			tags: ['plans'],
			responses: { '200': { description: 'The plans', ...json(z.object({ data: z.array(planSummarySchema) })) }, '401': problemResponses['401'] }
		}
	},
	'/plans/{planId}': {
		get: {
			operationId: 'getPlan',
			summary: 'One action plan with its text and goals',
			tags: ['plans'],
			requestParams: planPath,
			responses: { '200': { description: 'The plan', ...json(planSchema) }, ...problemResponses }
		}
	},
	'/goals': {
		get: {
			operationId: 'listGoals',
			summary: 'Goals of an action plan, ordered by field of action, priority and title',
			tags: ['plans'],
			requestParams: { query: z.object({ plan: z.uuid() }) },
			responses: { '200': { description: 'The goals', ...json(z.object({ data: z.array(goalSchema) })) }, ...problemResponses, '422': writeProblemResponses['422'] }
		},
		post: {
			operationId: 'createGoal',
			summary: 'Create a goal in a plan (admin, coordinator or planner of the plan’s district)',
			tags: ['plans'],
			requestBody: { required: true, ...json(createGoalInput) },
			responses: { '201': { description: 'Created', ...json(goalSchema) }, ...writeProblemResponses }
		}
	},
	'/goals/{goalId}': {
		get: { operationId: 'getGoal', summary: 'One goal', tags: ['plans'], requestParams: goalPath, responses: { '200': { description: 'The goal', ...json(goalSchema) }, ...problemResponses } },
		patch: {
			operationId: 'updateGoal',
			summary: 'Change a goal; absent fields stay unchanged. The parent must be in the same plan and must not create a cycle.',
			tags: ['plans'],
			requestParams: goalPath,
			requestBody: { required: true, ...json(goalInput.partial()) },
			responses: { '200': { description: 'The changed goal', ...json(goalSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteGoal',
			summary: 'Delete a goal; 409 while measures or sub-goals refer to it',
			tags: ['plans'],
			requestParams: goalPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	},
	'/measures': {
		get: {
			operationId: 'listMeasures',
			summary: 'Measures with goals, partners and milestones, filtered like the plan table',
			tags: ['plans'],
			requestParams: { query: measureQuery },
			responses: { '200': { description: 'The measures', ...json(z.object({ data: z.array(measureSchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createMeasure',
			summary: 'Create a measure in a plan (admin, coordinator or planner of the plan’s district)',
			description: measureBodyNote,
			tags: ['plans'],
			requestBody: { required: true, ...json(createMeasureInput) },
			responses: { '201': { description: 'Created', ...json(measureSchema) }, ...writeProblemResponses }
		}
	},
	'/measures/{measureId}': {
		get: { operationId: 'getMeasure', summary: 'One measure', tags: ['plans'], requestParams: measurePath, responses: { '200': { description: 'The measure', ...json(measureSchema) }, ...problemResponses } },
		patch: {
			operationId: 'updateMeasure',
			summary: 'Change a measure; absent fields stay unchanged',
			description: `Plan owners may change every field. Department and partner users acting for the lead or a partner actor may send only status, description and doneMilestoneIds (all done milestones). ${measureBodyNote}`,
			tags: ['plans'],
			requestParams: measurePath,
			requestBody: { required: true, ...json(z.union([measureInput.partial(), measureProgressInput])) },
			responses: { '200': { description: 'The changed measure', ...json(measureSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteMeasure',
			summary: 'Delete a measure with its milestones, goal links and partners',
			tags: ['plans'],
			requestParams: measurePath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses }
		}
	}
};
