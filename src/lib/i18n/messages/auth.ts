import type { Catalogue } from './types';

// Texts of the auth area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
