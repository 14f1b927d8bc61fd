import type { Catalogue } from './types';

// Texts of the concepts area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
