import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { engagementKinds, needChannels, needStates, raisedByKinds, reviewStates, statementLanguages, targetGroups } from '../../domain/needs';
import { changeNeedStateInput, createNeedInput, reviewNeedInput, updateNeedInput } from './need-input';

const optionalFilter = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** Query of GET /needs: every filter optional; unknown values are a 422, not silently ignored. */
export const needListQuery = z.object({
	districtId: optionalFilter(z.uuid()),
	actionFieldId: optionalFilter(z.uuid()),
	channel: optionalFilter(z.enum(needChannels)),
	state: optionalFilter(z.enum(needStates)),
	language: optionalFilter(z.enum(statementLanguages)),
	engagementId: optionalFilter(z.uuid()),
	review: optionalFilter(z.enum(reviewStates)).meta({
		description: "Review state of needs residents sent through the public online form: 'pending' (received, not reviewed, not public), 'accepted' (and every need recorded by staff) or 'rejected'. Without it, rejected submissions are left out."
	}),
	limit: z.preprocess((v) => (v === undefined || v === '' ? 500 : Number(v)), z.number().int().min(1).max(1000))
});

const summary = {
	id: z.uuid(),
	districtId: z.uuid(),
	districtName: z.string(),
	actionFieldId: z.uuid(),
	actionFieldName: z.string(),
	title: z.string(),
	channel: z.enum(needChannels),
	language: z.enum(statementLanguages),
	state: z.enum(needStates),
	publicReason: z.string(),
	mergedIntoId: z.uuid().nullable(),
	engagementId: z.uuid().nullable(),
	createdAt: z.string(),
	stateChangedAt: z.string(),
	reviewState: z.enum(reviewStates).meta({ description: "'pending': sent through the public online form and not reviewed yet (not public); only 'accepted' needs are public" }),
	fieldGiven: z.boolean().meta({ description: 'false when the resident chose no field of action: the field shown is provisional until the need is accepted' })
};
const linkRef = z.object({ id: z.uuid(), title: z.string(), planId: z.uuid() });

export const needSummarySchema = z.object(summary).meta({ id: 'NeedSummary', description: 'A need of a district as listed' });
export const needSchema = z
	.object({
		...summary,
		statement: z.string(),
		targetGroups: z.array(z.enum(targetGroups)),
		placeLabel: z.string(),
		placeLat: z.number().nullable(),
		placeLon: z.number().nullable(),
		raisedBy: z.enum(raisedByKinds),
		raisedByActorId: z.uuid().nullable(),
		raisedByActorName: z.string().nullable(),
		raisedByText: z.string().meta({ description: "A group's description, or a person's name (with consent; empty for readers who may not see names)" }),
		consentRecorded: z.boolean(),
		internalNote: z.string(),
		engagementTitle: z.string().nullable(),
		mergedIntoTitle: z.string().nullable(),
		mergedFrom: z.array(z.object({ id: z.uuid(), title: z.string() })),
		goals: z.array(linkRef),
		measures: z.array(linkRef),
		createdBy: z.string().nullable(),
		updatedAt: z.string(),
		reviewReason: z.string().meta({ description: "Why a public submission was rejected: 'spam' or 'inappropriate' (else empty)" }),
		reviewedAt: z.string().nullable()
	})
	.meta({ id: 'Need', description: 'A need (Bedarf) with its lifecycle; engagement kinds: ' + engagementKinds.join(', ') });

const stateResult = z
	.object({ id: z.uuid(), state: z.enum(needStates), publicReason: z.string(), mergedIntoId: z.uuid().nullable(), goals: z.array(linkRef), measures: z.array(linkRef) })
	.meta({ id: 'NeedState' });

const needPath = { path: z.object({ needId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const needsPaths: ZodOpenApiPathsObject = {
	'/needs': {
		get: {
			operationId: 'listNeeds',
			summary: 'Needs of the municipality, newest first, with optional filters',
			tags: ['needs'],
			requestParams: { query: needListQuery },
			responses: { '200': { description: 'The needs', ...json(z.object({ data: z.array(needSummarySchema) })) }, '401': problemResponses['401'], '422': writeProblemResponses['422'] }
		},
		post: {
			operationId: 'createNeed',
			summary: 'Record a need (state open). Send an Idempotency-Key header to make retries safe: a repeated key answers 200 with the first need.',
			tags: ['needs'],
			requestParams: { header: z.object({ 'idempotency-key': z.string().max(120).optional() }) },
			requestBody: { required: true, ...json(createNeedInput) },
			responses: {
				'201': { description: 'Created', ...json(z.object({ id: z.uuid(), replayed: z.literal(false) })) },
				'200': { description: 'Already created with this idempotency key', ...json(z.object({ id: z.uuid(), replayed: z.literal(true) })) },
				...writeProblemResponses
			}
		}
	},
	'/needs/{needId}': {
		get: {
			operationId: 'getNeed',
			summary: 'One need with its links, merges and source',
			tags: ['needs'],
			requestParams: needPath,
			responses: { '200': { description: 'The need', ...json(needSchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateNeed',
			summary: 'Correct what was recorded about a need (every field; not its state or district)',
			tags: ['needs'],
			requestParams: needPath,
			requestBody: { required: true, ...json(updateNeedInput) },
			responses: { '200': { description: 'The changed need', ...json(needSchema) }, ...writeProblemResponses }
		}
	},
	'/needs/{needId}/state': {
		post: {
			operationId: 'changeNeedState',
			summary: 'Change the state: taken_up (goalIds/measureIds of the district plan), merged (intoNeedId), not_pursued (publicReason required) or open',
			tags: ['needs'],
			requestParams: needPath,
			requestBody: { required: true, ...json(changeNeedStateInput) },
			responses: { '200': { description: 'The state afterwards', ...json(stateResult) }, ...writeProblemResponses }
		}
	},
	'/needs/{needId}/review': {
		post: {
			operationId: 'reviewNeed',
			summary:
				"Review a need residents sent through the public online form (reviewState 'pending'): accept (title = public summary, actionFieldId; it becomes an open need and appears publicly) or reject (reason spam | inappropriate; its text, place and contact are deleted, it never appears publicly). To merge it into an existing need use POST /needs/{needId}/state with state 'merged'. A need that is not pending answers 409.",
			tags: ['needs'],
			requestParams: needPath,
			requestBody: { required: true, ...json(reviewNeedInput) },
			responses: { '200': { description: 'The need afterwards', ...json(needSchema) }, ...writeProblemResponses }
		}
	}
};
