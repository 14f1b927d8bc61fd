import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { loadPlanDocument } from '$lib/server/plan-document/load-plan-document';
import { documentModel, isDocumentLanguage, type DocumentLanguage } from '$lib/server/plan-document/document-model';
import { renderPdf } from '$lib/server/plan-document/render-pdf';

/**
 * The Local Action Plan as an accessible PDF (tagged, PDF/UA-1): the living plan, or with ?version=<id> one
 * of its stored versions; ?lang=de|en|tr|ar sets the language of the fixed texts (German by default).
 * Another municipality's plan or version, or a version of another plan, answers 404.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const langParam = url.searchParams.get('lang');
	if (langParam !== null && !isDocumentLanguage(langParam)) error(400, 'Unsupported document language');
	const lang: DocumentLanguage = langParam ?? 'de';
	const versionId = url.searchParams.get('version') ?? undefined;
	const doc = await loadPlanDocument(ctx.db.kysely, ctx.municipalityId, params.planId, lang, { versionId });
	if (!doc) error(404, 'Not Found');
	const { pdf } = await renderPdf(documentModel(doc, lang));
	const t = translator(lang);
	const parts = [t('planDoc.fileName'), doc.district.name, doc.version.number !== null ? `v${doc.version.number}` : '', lang === 'de' ? '' : lang];
	const name = parts
		.filter(Boolean)
		.join('-')
		.normalize('NFKD')
		.replace(/[^\w-]+/g, '-')
		.replace(/-+/g, '-')
		.replace(/^-|-$/g, '')
		.toLowerCase();
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name || 'plan'}.pdf"`,
			'content-length': String(pdf.length),
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
