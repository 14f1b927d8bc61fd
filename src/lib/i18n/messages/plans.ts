import type { Catalogue } from './types';

// Texts of the plans area.
export default {
	de: {},
	en: {}
} satisfies Catalogue;
