import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { orError, tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { exportWorkpaper } from '$lib/server/workpaper/export-workpaper';
import { workpaperFormats, type WorkpaperFormat } from '$lib/server/workpaper/formats';

/** GET …/workpaper/download?format=xlsx|ods|csv: the plan as a working paper (the export is recorded for the re-import). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const format = url.searchParams.get('format') ?? 'xlsx';
	if (!(workpaperFormats as readonly string[]).includes(format)) error(404, 'Not Found');
	const file = await orError(exportWorkpaper({ ctx, planId: params.planId, format: format as WorkpaperFormat, t: translator(locals.locale) }));
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
