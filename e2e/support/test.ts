import { test as base, expect, type Page, type Response } from '@playwright/test';

/**
 * The project's Playwright `test`: with JavaScript on, `page.goto` and `page.reload` of an HTML page return only
 * after SvelteKit has hydrated it (the root layout sets `data-hydrated` on <html> in onMount; pages with `csr = false` have nothing to wait for). Typing into a form or
 * clicking a button before hydration races with Svelte attaching its handlers; that race made tests flaky.
 */
export async function waitForHydration(page: Page, response: Response | null): Promise<void> {
	const type = response?.headers()['content-type'] ?? '';
	if (!type.includes('text/html')) return;
	await hydrated(page);
}

/** Pages with `csr = false` carry no script and never hydrate; every other page sets `data-hydrated` when it has. */
async function hydrated(page: Page): Promise<void> {
	if ((await page.locator('script').count()) === 0) return;
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Pages of this fixture that run JavaScript (pages of contexts a test opens itself are not tracked). */
const scripted = new WeakSet<Page>();

/** After a full page load that a click caused (a plain form post, say): wait for hydration on a scripted page. */
export async function settle(page: Page): Promise<void> {
	if (!scripted.has(page)) return;
	await page.waitForLoadState('load');
	await hydrated(page);
}

export const test = base.extend({
	page: async ({ page, javaScriptEnabled }, use) => {
		if (javaScriptEnabled) {
			scripted.add(page);
			const goto = page.goto.bind(page);
			const reload = page.reload.bind(page);
			page.goto = async (url, options) => {
				const response = await goto(url, options);
				await waitForHydration(page, response);
				return response;
			};
			page.reload = async (options) => {
				const response = await reload(options);
				await waitForHydration(page, response);
				return response;
			};
		}
		await use(page);
	}
});

export { expect };
export type { Page };
