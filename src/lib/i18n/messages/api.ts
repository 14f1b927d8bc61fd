import type { Catalogue } from './types';

// Texts of the api area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
