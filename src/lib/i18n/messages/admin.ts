import type { Catalogue } from './types';

// Texts of the admin area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
