import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { measureStatuses, spatialScopes } from '../../domain/plans';
import { ruleIntervals } from '../../domain/plans/snapshot';
import { planRulesInput, resolvePlanVersionInput, submitPlanVersionInput, withdrawPlanVersionInput } from './plan-version-input';
import { planVersionStates } from './plan-versions.repository';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const date = z.string().meta({ description: 'Calendar date YYYY-MM-DD' });

const ruleSchema = z.object({
	by: z.string().meta({ description: 'Who (office or body)' }),
	to: z.string().meta({ description: 'To whom (reporting only)' }),
	intervalMonths: z.number().int().nullable().meta({ description: `Months between occurrences: ${ruleIntervals.join(', ')}` }),
	nextDate: date.nullable(),
	notes: z.string()
});
export const planRulesSchema = z
	.object({ reporting: ruleSchema, evaluation: ruleSchema, revision: ruleSchema })
	.meta({ id: 'PlanRules', description: 'Reporting, evaluation and revision rules of a plan' });

const versionSummary = z.object({
	id: z.uuid(),
	planId: z.uuid(),
	number: z.number().int().min(1),
	state: z.enum(planVersionStates),
	goalCount: z.number().int(),
	measureCount: z.number().int(),
	totalCostCents: z.number().int(),
	note: z.string(),
	submittedAt: z.string(),
	submittedByName: z.string().nullable(),
	withdrawnAt: z.string().nullable(),
	withdrawalReason: z.string(),
	resolution: z
		.object({ body: z.string(), date, referenceNumber: z.string(), link: z.string(), notes: z.string(), resolvedAt: z.string(), resolvedByName: z.string().nullable() })
		.nullable(),
	supersededAt: z.string().nullable(),
	supersededById: z.uuid().nullable()
});
export const planVersionSummarySchema = versionSummary.meta({ id: 'PlanVersionSummary' });

const snapshotSchema = z
	.object({
		schema: z.literal(1),
		plan: z.object({
			id: z.uuid(),
			districtId: z.uuid(),
			districtName: z.string(),
			title: z.string(),
			intro: z.object({ origin: z.string(), function: z.string(), scope: z.string() }).optional().meta({ description: 'The introduction in three parts (versions made since 0015)' }),
			introduction: z.string().optional().meta({ description: 'Versions made before the introduction had three parts: the introduction as one text (the origin)' }),
			rules: planRulesSchema
		}),
		contentLanguages: z.array(z.string()).optional(),
		translations: z
			.array(z.object({ kind: z.enum(['plan', 'goal', 'measure', 'actionField']), entityId: z.uuid(), field: z.string(), language: z.string(), text: z.string(), sourceHash: z.string() }))
			.optional()
			.meta({ description: 'Translations of the plan’s texts as they were when the version was made' }),
		actionFields: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string(), sortOrder: z.number().int() })),
		actors: z.array(z.object({ id: z.uuid(), name: z.string() })),
		conceptGoals: z.array(z.object({ id: z.uuid(), code: z.string(), title: z.string(), conceptTitle: z.string() })),
		goals: z.array(
			z.object({
				id: z.uuid(),
				parentGoalId: z.uuid().nullable(),
				actionFieldId: z.uuid(),
				title: z.string(),
				description: z.string(),
				priority: z.number().int(),
				timeHorizon: date.nullable(),
				operationalisation: z.string(),
				conceptGoalIds: z.array(z.uuid())
			})
		),
		measures: z.array(
			z.object({
				id: z.uuid(),
				actionFieldId: z.uuid(),
				title: z.string(),
				description: z.string(),
				goalIds: z.array(z.uuid()),
				leadActorId: z.uuid().nullable(),
				partnerActorIds: z.array(z.uuid()),
				startDate: date.nullable(),
				endDate: date.nullable(),
				milestones: z.array(z.object({ id: z.uuid(), title: z.string(), dueDate: date, done: z.boolean() })),
				costCents: z.number().int().nullable(),
				fundingSource: z.string(),
				spatialScope: z.enum(spatialScopes),
				siteLabel: z.string(),
				siteLat: z.number().nullable(),
				siteLon: z.number().nullable(),
				decidableLocally: z.boolean(),
				integrated: z.boolean(),
				starterProject: z.boolean(),
				status: z.enum(measureStatuses)
			})
		)
	})
	.meta({ id: 'PlanSnapshot', description: 'The frozen content of a version; names of fields, actors and city-wide goals as they were' });

export const planVersionSchema = versionSummary.extend({ snapshot: snapshotSchema }).meta({ id: 'PlanVersion' });

const change = z.object({
	field: z.string(),
	kind: z.string().meta({ description: 'text, longText, date, money (cents), status, scope, priority, bool, number, name, names, milestones, interval' }),
	before: z.unknown(),
	after: z.unknown(),
	label: z.string().meta({ description: 'Field label in the Accept-Language' }),
	beforeText: z.string(),
	afterText: z.string()
});
const item = z.object({ id: z.string(), title: z.string(), actionFieldName: z.string(), values: z.array(z.object({ field: z.string(), kind: z.string(), value: z.unknown() })) });
const itemDiff = z.object({ added: z.array(item), removed: z.array(item), changed: z.array(z.object({ id: z.string(), title: z.string(), actionFieldName: z.string(), changes: z.array(change) })) });
const side = z.union([z.object({ kind: z.literal('draft') }), z.object({ kind: z.literal('version'), version: versionSummary })]);
const count = z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() });
export const comparisonSchema = z
	.object({
		from: side,
		to: side,
		ignoreProgress: z.boolean(),
		counts: z.object({ plan: z.number().int(), goals: count, measures: count }),
		diff: z.object({ plan: z.array(change), goals: itemDiff, measures: itemDiff })
	})
	.meta({ id: 'PlanComparison' });

const planPath = { path: z.object({ planId: z.uuid() }) };
const versionPath = { path: z.object({ planId: z.uuid(), versionId: z.uuid() }) };

export const planVersionsPaths: ZodOpenApiPathsObject = {
	'/plans/{planId}/rules': {
		get: { operationId: 'getPlanRules', summary: 'The plan’s rules for reporting, evaluation and revision', tags: ['plans'], requestParams: planPath, responses: { '200': { description: 'The rules', ...json(planRulesSchema) }, ...problemResponses } },
		put: {
			operationId: 'setPlanRules',
			summary: 'Replace the plan’s rules (admin, coordinator or planner of the district); a rule with a cycle needs someone responsible',
			tags: ['plans'],
			requestParams: planPath,
			requestBody: { required: true, ...json(planRulesInput) },
			responses: { '200': { description: 'The stored rules', ...json(planRulesSchema) }, ...writeProblemResponses }
		}
	},
	'/plans/{planId}/versions': {
		get: {
			operationId: 'listPlanVersions',
			summary: 'Versions of a plan, newest first (without snapshots)',
			tags: ['plans'],
			requestParams: planPath,
			responses: { '200': { description: 'The versions', ...json(z.object({ data: z.array(planVersionSummarySchema) })) }, ...problemResponses }
		},
		post: {
			operationId: 'submitPlanVersion',
			summary: 'Submit the working draft for resolution: freezes it as the next numbered version',
			description: 'Admin, coordinator or planner of the district. 409 while another version awaits resolution; 422 for a plan without goals. The body may be empty.',
			tags: ['plans'],
			requestParams: planPath,
			requestBody: { required: false, ...json(submitPlanVersionInput) },
			responses: { '201': { description: 'The submitted version with its snapshot', ...json(planVersionSchema) }, ...writeProblemResponses }
		}
	},
	'/plans/{planId}/versions/{versionId}': {
		get: { operationId: 'getPlanVersion', summary: 'One version with its frozen snapshot', tags: ['plans'], requestParams: versionPath, responses: { '200': { description: 'The version', ...json(planVersionSchema) }, ...problemResponses } }
	},
	'/plans/{planId}/versions/{versionId}/resolve': {
		post: {
			operationId: 'resolvePlanVersion',
			summary: 'Record the council resolution of a submitted version; the previously resolved version becomes superseded',
			description: 'Admin or coordinator of the district. The date must not be in the future (Europe/Berlin) nor before the resolution of the version in force. 409 for versions not awaiting resolution.',
			tags: ['plans'],
			requestParams: versionPath,
			requestBody: { required: true, ...json(resolvePlanVersionInput) },
			responses: { '200': { description: 'The resolved version', ...json(planVersionSummarySchema) }, ...writeProblemResponses }
		}
	},
	'/plans/{planId}/versions/{versionId}/withdraw': {
		post: {
			operationId: 'withdrawPlanVersion',
			summary: 'Withdraw a submitted version (its number is not reused)',
			tags: ['plans'],
			requestParams: versionPath,
			requestBody: { required: false, ...json(withdrawPlanVersionInput) },
			responses: { '200': { description: 'The withdrawn version', ...json(planVersionSummarySchema) }, ...writeProblemResponses }
		}
	},
	'/plans/{planId}/compare': {
		get: {
			operationId: 'comparePlanVersions',
			summary: 'Compare two versions, or a version and the working draft: goals and measures added, removed, changed field by field',
			description: 'A version of another plan is 422; unknown ids and ids of another municipality are 404.',
			tags: ['plans'],
			requestParams: {
				path: z.object({ planId: z.uuid() }),
				query: z.object({
					from: z.string().meta({ description: 'Version id or "draft"' }),
					to: z.string().meta({ description: 'Version id or "draft"' }),
					ignoreProgress: z.enum(['true', 'false']).optional().meta({ description: 'Leave out measure status and milestones done' })
				})
			},
			responses: { '200': { description: 'The comparison', ...json(comparisonSchema) }, ...problemResponses, '422': writeProblemResponses['422'] }
		}
	}
};
