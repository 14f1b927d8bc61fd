import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		// Repository tests open real databases; keep files in separate workers but cap them on 2-core CI.
		maxWorkers: 2,
		testTimeout: 30000,
		hookTimeout: 60000
	}
});
