/**
 * Enumerations of the concepts area, from the handbook "Stadtteilkonzepte für Integration" (Kapitel 2).
 * Labels and explanations live in the message catalogue under the same keys.
 */

/** Kinds of city-wide concept a district concept links to (integration concept, ISEK, youth plan…). */
export const cityConceptKinds = ['integration', 'isek', 'youth', 'education', 'social', 'other'] as const;
export type CityConceptKind = (typeof cityConceptKinds)[number];

/** Abb. 2–4: integrated development concept extended by integration, district integration concept, thematic. */
export const conceptTypes = ['integrated-development', 'district-integration', 'thematic'] as const;
export type ConceptType = (typeof conceptTypes)[number];

/** How goals are developed; approaches can be combined. */
export const conceptApproaches = ['administrative', 'cooperative', 'grassroots'] as const;
export type ConceptApproach = (typeof conceptApproaches)[number];

export const conceptPhases = ['preparation', 'inventory', 'planning', 'implementation', 'review'] as const;
export type ConceptPhase = (typeof conceptPhases)[number];

/** The six starting decisions ("Welche Entscheidungen stehen am Anfang?"), in the handbook's order. */
export const startingDecisions = [
	'choose-district',
	'integration-understanding',
	'participants',
	'resources',
	'roles-legitimation',
	'political-backing'
] as const;
export type StartingDecisionKey = (typeof startingDecisions)[number];

export const decisionStates = ['open', 'in-progress', 'done'] as const;
export type DecisionState = (typeof decisionStates)[number];
