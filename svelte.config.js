import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Form actions carry their own CSRF token (see hooks.server.ts); Kit's origin check stays on as a second layer.
		csrf: { trustedOrigins: [] },
		paths: { relative: false }
	}
};
export default config;
