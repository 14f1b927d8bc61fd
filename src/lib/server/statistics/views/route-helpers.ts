/** Glue between the statistics routes and the view services: context, 404s, downloads. */
import { error } from '@sveltejs/kit';
import { tenantContext } from '../../forms';
import { translator } from '../../../i18n';
import { downloadResponse, isDownloadFormat, type ExportTable } from './export';
import type { ViewCtx } from './views';

export function viewContext(locals: App.Locals, url: URL): ViewCtx {
	const ctx = tenantContext(locals, url);
	return { db: ctx.db.kysely, municipalityId: ctx.municipalityId, locale: locals.locale, t: translator(locals.locale) };
}

export function found<T>(v: T | null | undefined): T {
	if (v === null || v === undefined) error(404, 'Not Found');
	return v;
}

/** Answers ?format=csv|xlsx|svg|png for a view that has a table and (maybe) a figure. */
export async function download(url: URL, view: { table: ExportTable; svg?: string | null }): Promise<Response> {
	const format = url.searchParams.get('format');
	if (!isDownloadFormat(format)) error(404, 'Not Found');
	if ((format === 'svg' || format === 'png') && !view.svg) error(404, 'Not Found');
	return downloadResponse(format, view.table.name, { table: view.table, svg: view.svg ?? undefined });
}

/** The query string of a page without `format`, for the download links. */
export function queryOf(url: URL, drop: string[] = ['format', 'lang']): string {
	const q = new URLSearchParams(url.search);
	for (const k of drop) q.delete(k);
	return q.toString();
}
