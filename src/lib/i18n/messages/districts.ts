import type { Catalogue } from './types';

// Texts of the districts area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
