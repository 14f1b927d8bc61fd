import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Principal } from '../core/actor';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findSurvey, type Survey } from './surveys.repository';
import { canManageSurvey } from './policies';

/** The survey of this municipality that the principal may manage, or NotFound / Forbidden. */
export async function manageableSurvey(db: Kysely<Database>, p: Principal, surveyId: string): Promise<Survey> {
	const survey = await findSurvey(db, p.municipalityId, surveyId);
	if (!survey) throw new NotFoundError('survey');
	assert(canManageSurvey(p, survey.districtId));
	return survey;
}

/** Questions and the survey's texts change only while it is a draft: answers refer to them. */
export function assertDraft(survey: Survey): void {
	if (survey.status !== 'draft') throw new ConflictError('error.survey.notDraft');
}
