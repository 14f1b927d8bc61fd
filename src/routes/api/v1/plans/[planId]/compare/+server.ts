import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { translator } from '$lib/i18n';
import { comparePlanVersions } from '$lib/server/plans/compare-plan-versions';
import { diffCounts } from '$lib/domain/plans/diff';
import { describeDiff } from '$lib/components/plans/version-format';

/** ?from=&to= (a version id or "draft"), optional ignoreProgress=true. Labels and texts in the Accept-Language. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const q = event.url.searchParams;
		const ignoreProgress = q.get('ignoreProgress') === 'true' || q.get('ignoreProgress') === '1';
		const c = await comparePlanVersions(ctx.db.kysely, ctx.municipalityId, event.params.planId, { from: q.get('from') ?? '', to: q.get('to') ?? '' }, { ignoreProgress });
		return jsonResponse({ from: c.from, to: c.to, ignoreProgress, counts: diffCounts(c.diff), diff: describeDiff(translator(ctx.locale), ctx.locale, c.diff) });
	});
