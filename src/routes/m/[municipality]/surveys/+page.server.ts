import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listSurveys } from '$lib/server/surveys/surveys.repository';
import { canCreateAnySurvey, canViewResults } from '$lib/server/surveys/policies';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';

const notices = ['deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [all, districts] = await Promise.all([listSurveys(ctx.db.kysely, ctx.municipalityId), listDistrictOptions(ctx.db.kysely, ctx.municipalityId)]);
	const names = new Map(districts.map((d) => [d.id, d.name]));
	return {
		surveys: all.filter((s) => canViewResults(ctx.principal, s.districtId)).map((s) => ({ id: s.id, title: s.title, status: s.status, questions: s.questions, responses: s.responses, district: s.districtId ? (names.get(s.districtId) ?? null) : null })),
		canCreate: canCreateAnySurvey(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};
