import { error } from '@sveltejs/kit';
import type { CommandContext } from '../core/command';
import type { Principal } from '../core/actor';
import { findSurvey, type Survey } from './surveys.repository';
import { canManageSurvey, canViewResults } from './policies';

type Ctx = CommandContext & { principal: Principal; municipalityId: string };

/**
 * The survey of a tenant page: 404 when it is not this municipality's (checked before any input is read, so a
 * foreign id never yields a validation answer), 403 when the user may neither manage it nor read its results.
 */
export async function surveyForPage(ctx: Ctx, surveyId: string): Promise<Survey & { canManage: boolean }> {
	const survey = await findSurvey(ctx.db.kysely, ctx.municipalityId, surveyId);
	if (!survey) error(404, 'Not Found');
	const canManage = canManageSurvey(ctx.principal, survey.districtId);
	if (!canManage && !canViewResults(ctx.principal, survey.districtId)) error(403, 'Forbidden');
	return { ...survey, canManage };
}

export const publicUrl = (origin: string, token: string) => `${origin}/s/${token}`;
