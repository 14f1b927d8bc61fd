import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { accountsPaths } from '../accounts/accounts.openapi';
import { districtsPaths } from '../districts/districts.openapi';
import { actorsPaths } from '../actors/actors.openapi';
import { conceptsPaths } from '../concepts/concepts.openapi';
import { plansPaths } from '../plans/plans.openapi';
import { planVersionsPaths } from '../plans/plan-versions.openapi';
import { planTranslationsPaths } from '../plans/plan-translations.openapi';
import { indicatorsPaths } from '../indicators/indicators.openapi';
import { needsPaths } from '../needs/needs.openapi';
import { surveysPaths } from '../surveys/surveys.openapi';

/** Each domain area contributes its endpoints' OpenAPI paths (its <area>.openapi.ts) here. */
export const apiPaths: ZodOpenApiPathsObject[] = [accountsPaths, districtsPaths, actorsPaths, conceptsPaths, plansPaths, planVersionsPaths, planTranslationsPaths, indicatorsPaths, needsPaths, surveysPaths];
