import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, writeProblemResponses } from '../api/problem-schema';
import { createActorInput, updateActorInput } from './actor-input';
import { contactInput } from './contact-input';
import { createActivityInput, activityInput } from './activity-input';
import { mergeActorsInput } from './merge-actors';
import { addCooperationInput } from './add-cooperation';
import { contactErasureReasons } from './erase-contact';
import { actorKinds, actorLevels } from './actors.repository';
import { languageCodes, legalBases, targetGroups, weekdays } from '../../domain/actors';

const languages = z.array(z.enum(languageCodes)).meta({ description: 'ISO 639-1 codes (dgs = German Sign Language)' });

export const actorSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		kind: z.enum(actorKinds),
		level: z.enum(actorLevels),
		function: z.string(),
		interests: z.string(),
		resources: z.string(),
		motivation: z.string(),
		address: z.string(),
		website: z.string(),
		languages,
		keyPerson: z.boolean(),
		actionFieldIds: z.array(z.uuid()),
		districtIds: z.array(z.uuid()).meta({ description: 'The districts a district-level actor works in (at least one); empty for city-wide actors' })
	})
	.meta({ id: 'Actor', description: 'An organisation or key person acting in the district or city-wide; departments are actors of kind administration' });

export const contactSchema = z
	.object({
		id: z.uuid(),
		actorId: z.uuid(),
		name: z.string(),
		roleTitle: z.string(),
		email: z.string(),
		phone: z.string(),
		languages,
		purpose: z.string(),
		legalBasis: z.enum(legalBases),
		consentDate: z.iso.date().nullable(),
		consentMethod: z.string(),
		retentionUntil: z.iso.date()
	})
	.meta({ id: 'ActorContact', description: 'A contact person (personal data): only for plan owners and the actor’s own department or partner users' });

export const cooperationSchema = z
	.object({ id: z.uuid(), actorAId: z.uuid(), actorBId: z.uuid(), description: z.string() })
	.meta({ id: 'Cooperation', description: 'An undirected cooperation between two actors' });

const actorDetailSchema = actorSchema
	.extend({
		cooperations: z.array(z.object({ id: z.uuid(), actorId: z.uuid().meta({ description: 'The other actor' }), description: z.string() })),
		contacts: z.array(contactSchema).optional().meta({ description: 'Present only when the token’s user may see contact persons' })
	})
	.meta({ id: 'ActorDetail' });

export const activitySchema = z
	.object({
		id: z.uuid(),
		actorId: z.uuid(),
		actorName: z.string(),
		actionFieldId: z.uuid(),
		actionFieldName: z.string(),
		title: z.string(),
		description: z.string(),
		targetGroups: z.array(z.enum(targetGroups)),
		languages,
		address: z.string(),
		lat: z.number().nullable(),
		lon: z.number().nullable(),
		schedule: z.string(),
		weekdays: z.array(z.enum(weekdays)),
		startTime: z.string().nullable().meta({ description: 'HH:MM' }),
		endTime: z.string().nullable().meta({ description: 'HH:MM' }),
		costCents: z.number().int().nullable().meta({ description: 'Cost for participants in euro cents; 0 = free, null = unknown' }),
		source: z.string(),
		lastConfirmedOn: z.iso.date().nullable(),
		stale: z.boolean().meta({ description: 'Never confirmed, or last confirmed more than 12 months ago' })
	})
	.meta({ id: 'Activity', description: 'An ongoing offer of an actor' });

const mergeResultSchema = z.object({
	actor: actorSchema,
	moved: z.object({
		leads: z.number().int(),
		partners: z.number().int(),
		partnersDropped: z.number().int(),
		memberships: z.number().int(),
		invitations: z.number().int(),
		activities: z.number().int(),
		contacts: z.number().int(),
		cooperations: z.number().int(),
		cooperationsJoined: z.number().int()
	})
});

const actorPath = { path: z.object({ actorId: z.uuid() }) };
const contactPath = { path: z.object({ actorId: z.uuid(), contactId: z.uuid() }) };
const activityPath = { path: z.object({ activityId: z.uuid() }) };
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const activityNote = 'Cost as costCents (integer) or cost (German amount such as "2,50 €"); lat/lon only together; times HH:MM; lastConfirmedOn not in the future.';

export const actorsPaths: ZodOpenApiPathsObject = {
	'/actors': {
		get: {
			operationId: 'listActors',
			summary: 'Actors of the municipality, by name (without contact persons)',
			tags: ['actors'],
			requestParams: {
				query: z.object({
					q: z.string().optional().meta({ description: 'Words searched in name, function, languages, target groups and activity titles' }),
					kind: z.enum(actorKinds).optional(),
					level: z.enum(actorLevels).optional(),
					field: z.uuid().optional().meta({ description: 'Field of action (profile or an activity)' }),
					district: z.uuid().optional().meta({ description: "A district's view: district-level actors working in the district or one of its sub-districts, and all city-wide actors" }),
					language: z.enum(languageCodes).optional(),
					keyPerson: z.literal('on').optional()
				})
			},
			responses: { '200': { description: 'The actors', ...json(z.object({ data: z.array(actorSchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createActor',
			summary: 'Record an actor; names are unique per municipality. A district-level actor names at least one district of this municipality in districtIds, a city-wide actor none (422 otherwise)',
			tags: ['actors'],
			requestBody: { required: true, ...json(createActorInput) },
			responses: { '201': { description: 'Created', ...json(actorSchema) }, ...writeProblemResponses }
		}
	},
	'/actors/{actorId}': {
		get: {
			operationId: 'getActor',
			summary: 'One actor with its cooperations (and contact persons, if permitted)',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '200': { description: 'The actor', ...json(actorDetailSchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateActor',
			summary: 'Change an actor; absent fields stay unchanged. Setting level to city clears the districts; level and districtIds are checked together whenever either is given',
			tags: ['actors'],
			requestParams: actorPath,
			requestBody: { required: true, ...json(updateActorInput) },
			responses: { '200': { description: 'The changed actor', ...json(actorSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteActor',
			summary: 'Delete an actor; 409 while measures, users, invitations, activities or contact persons refer to it (merge duplicates instead)',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses, '409': writeProblemResponses['409'] }
		}
	},
	'/actors/{actorId}/merge': {
		post: {
			operationId: 'mergeActors',
			summary: 'Merge a duplicate into this actor: measures, partners, users, invitations, activities, contacts, fields, districts (when the survivor is district-level) and cooperations move, the duplicate is deleted (one transaction, one audit entry)',
			tags: ['actors'],
			requestParams: actorPath,
			requestBody: { required: true, ...json(mergeActorsInput) },
			responses: { '200': { description: 'The merged actor and what moved', ...json(mergeResultSchema) }, ...writeProblemResponses }
		}
	},
	'/actors/{actorId}/contacts': {
		get: {
			operationId: 'listActorContacts',
			summary: 'Contact persons of an actor (personal data; 403 without permission)',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '200': { description: 'The contact persons', ...json(z.object({ data: z.array(contactSchema) })) }, ...problemResponses }
		},
		post: {
			operationId: 'createActorContact',
			summary: 'Record a contact person with purpose, legal basis (consent with date and method) and retention date',
			tags: ['actors'],
			requestParams: actorPath,
			requestBody: { required: true, ...json(contactInput) },
			responses: { '201': { description: 'Created', ...json(contactSchema) }, ...writeProblemResponses }
		}
	},
	'/actors/{actorId}/contacts/{contactId}': {
		get: {
			operationId: 'getActorContact',
			summary: 'One contact person',
			tags: ['actors'],
			requestParams: contactPath,
			responses: { '200': { description: 'The contact person', ...json(contactSchema) }, ...problemResponses }
		},
		put: {
			operationId: 'replaceActorContact',
			summary: 'Replace a contact person’s data (the audit entry names changed fields, never values)',
			tags: ['actors'],
			requestParams: contactPath,
			requestBody: { required: true, ...json(contactInput) },
			responses: { '200': { description: 'The contact person', ...json(contactSchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'eraseActorContact',
			summary: 'Erase a contact person for good (GDPR Art. 17); the audit entry keeps no personal data',
			tags: ['actors'],
			requestParams: { path: contactPath.path, query: z.object({ reason: z.enum(contactErasureReasons) }) },
			responses: { '204': { description: 'Erased' }, ...problemResponses, '422': writeProblemResponses['422'] }
		}
	},
	'/actors/{actorId}/cooperations': {
		get: {
			operationId: 'listActorCooperations',
			summary: 'Cooperations of an actor',
			tags: ['actors'],
			requestParams: actorPath,
			responses: { '200': { description: 'The cooperations', ...json(z.object({ data: z.array(cooperationSchema) })) }, ...problemResponses }
		},
		post: {
			operationId: 'addActorCooperation',
			summary: 'Record a cooperation with another actor (recorded once per pair)',
			tags: ['actors'],
			requestParams: actorPath,
			requestBody: { required: true, ...json(addCooperationInput) },
			responses: { '201': { description: 'Created', ...json(cooperationSchema) }, ...writeProblemResponses }
		}
	},
	'/actors/{actorId}/cooperations/{cooperationId}': {
		delete: {
			operationId: 'removeActorCooperation',
			summary: 'Remove a cooperation of this actor',
			tags: ['actors'],
			requestParams: { path: z.object({ actorId: z.uuid(), cooperationId: z.uuid() }) },
			responses: { '204': { description: 'Removed' }, ...problemResponses }
		}
	},
	'/activities': {
		get: {
			operationId: 'listActivities',
			summary: 'Ongoing activities of the actors, by field of action and title',
			tags: ['activities'],
			requestParams: { query: z.object({ actorId: z.uuid().optional(), actionFieldId: z.uuid().optional(), stale: z.enum(['true', 'false']).optional() }) },
			responses: { '200': { description: 'The activities', ...json(z.object({ data: z.array(activitySchema) })) }, '401': problemResponses['401'] }
		},
		post: {
			operationId: 'createActivity',
			summary: `Record an activity of an actor (partners and departments for their own actor only). ${activityNote}`,
			tags: ['activities'],
			requestBody: { required: true, ...json(createActivityInput) },
			responses: { '201': { description: 'Created', ...json(activitySchema) }, ...writeProblemResponses }
		}
	},
	'/activities/{activityId}': {
		get: {
			operationId: 'getActivity',
			summary: 'One activity',
			tags: ['activities'],
			requestParams: activityPath,
			responses: { '200': { description: 'The activity', ...json(activitySchema) }, ...problemResponses }
		},
		patch: {
			operationId: 'updateActivity',
			summary: `Change an activity; absent fields stay unchanged. ${activityNote}`,
			tags: ['activities'],
			requestParams: activityPath,
			requestBody: { required: true, ...json(activityInput.partial()) },
			responses: { '200': { description: 'The changed activity', ...json(activitySchema) }, ...writeProblemResponses }
		},
		delete: {
			operationId: 'deleteActivity',
			summary: 'Delete an activity (it has ended)',
			tags: ['activities'],
			requestParams: activityPath,
			responses: { '204': { description: 'Deleted' }, ...problemResponses }
		}
	},
	'/activities/{activityId}/confirm': {
		post: {
			operationId: 'confirmActivity',
			summary: 'Confirm today that the activity still runs as recorded',
			tags: ['activities'],
			requestParams: activityPath,
			responses: { '200': { description: 'The activity', ...json(activitySchema) }, ...problemResponses }
		}
	}
};
