import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { referenceProblem, startGridImportFromRequest } from '$lib/server/indicators/imports-api';
import { notifyJobRunner } from '$lib/server/jobs/server-runner';

/** A Zensus grid CSV (or its ZIP) as the body, settings in the query: 202 with the Location of the import job. */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) =>
		referenceProblem(ctx, async () => {
			const { importRunId } = await startGridImportFromRequest(ctx, event.request, event.url);
			notifyJobRunner();
			const location = `/api/v1/imports/zensus-grid/${importRunId}`;
			return jsonResponse({ id: importRunId, status: 'queued', href: location }, 202, { location });
		})
	);
