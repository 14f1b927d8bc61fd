import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { inspectPdf } from '../src/lib/server/plan-document/pdf-inspect';
import { checkPdfUa } from '../src/lib/server/plan-document/pdf-ua-check';

/**
 * The Local Action Plan as a PDF: downloaded from the plan page as a user would, in German and with Arabic
 * headings, then read like a screen reader would (language, tags, bookmarks, text).
 */
test('the plan page offers the action plan as a tagged PDF in German and with Arabic and Russian headings', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/plans');
	await page.getByRole('link', { name: /Lokaler Aktionsplan Integration/ }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Lokaler Aktionsplan');
	const planTitle = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
	const measureTitles = (await page.locator('table tbody th[scope="row"] a').allTextContents()).map((s) => s.trim());
	expect(measureTitles.length).toBeGreaterThan(0);
	await expectNoAxeViolations(page);

	const squash = (s: string) => s.replace(/\s+/g, '');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Aktionsplan als PDF' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^aktionsplan-[a-z0-9-]+\.pdf$/);
	const bytes = await readFile((await download.path())!);
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	// the file the server sends meets the Matterhorn essentials (see pdf-ua-check.ts)
	expect(checkPdfUa(bytes, { expectLang: 'de' }).problems).toEqual([]);
	const de = await inspectPdf(bytes);
	expect(de.lang).toMatch(/^de(-DE)?$/);
	expect(de.marked).toBe(true);
	expect(de.tagged).toBe(true);
	expect(de.title).toBe(planTitle);
	expect(de.outline).toEqual(expect.arrayContaining(['Einleitung', 'Integrationsverständnis', 'Maßnahmenkatalog', 'Zuständigkeiten nach Ämtern und Partnern', 'Fassung und Beschluss']));
	for (const title of measureTitles) expect(squash(de.text)).toContain(squash(title));

	const [arDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'العربية' }).click()]);
	expect(arDownload.suggestedFilename()).toMatch(/-ar\.pdf$/);
	const arBytes = await readFile((await arDownload.path())!);
	expect(checkPdfUa(arBytes, { expectLang: 'ar' }).problems).toEqual([]);
	const ar = await inspectPdf(arBytes);
	expect(ar.lang).toBe('ar');
	expect(ar.outline).toEqual(expect.arrayContaining(['مقدمة', 'دليل الإجراءات']));
	for (const title of measureTitles) expect(squash(ar.text)).toContain(squash(title));

	// Russian (Cyrillic in the bundled fonts): the plan page offers it like every document language
	const [ruDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Русский' }).click()]);
	expect(ruDownload.suggestedFilename()).toMatch(/-ru\.pdf$/);
	const ruBytes = await readFile((await ruDownload.path())!);
	expect(checkPdfUa(ruBytes, { expectLang: 'ru' }).problems).toEqual([]);
	const ru = await inspectPdf(ruBytes);
	expect(ru.lang).toBe('ru');
	expect(ru.outline).toEqual(expect.arrayContaining(['Введение', 'Перечень мероприятий']));
	for (const title of measureTitles) expect(squash(ru.text)).toContain(squash(title));
	for (const name of ['Українська', 'Polski']) await expect(page.getByRole('link', { name })).toHaveAttribute('href', new RegExp(`document\\.pdf\\?lang=${name === 'Polski' ? 'pl' : 'uk'}$`));

	// a language without a document catalogue is refused; a plan id that is not a plan here is not found
	const url = new URL(page.url());
	expect((await page.request.get(`${url.pathname}/document.pdf?lang=xx`)).status()).toBe(400);
	expect((await page.request.get(`${url.pathname}/document.pdf?version=00000000-0000-4000-8000-000000000000`)).status()).toBe(404);
	expect((await page.request.get('/m/berlin/plans/00000000-0000-4000-8000-000000000000/document.pdf')).status()).toBe(404);
});
