import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// QUARTIER_BUILD_DIR / QUARTIER_KIT_DIR let two builds of different working states run side by side (tests only).
		adapter: adapter({ out: process.env.QUARTIER_BUILD_DIR || 'build' }),
		outDir: process.env.QUARTIER_KIT_DIR || '.svelte-kit',
		// Form actions carry their own CSRF token (see hooks.server.ts); Kit's origin check stays on as a second layer.
		csrf: { trustedOrigins: [] },
		paths: { relative: false },
		// src/service-worker.ts serves only the survey kiosk: the kiosk page registers it with its own scope, nowhere else.
		serviceWorker: { register: false }
	}
};
export default config;
