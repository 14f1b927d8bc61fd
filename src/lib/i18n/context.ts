import { getContext, setContext } from 'svelte';
import { translator, type Locale, type Translate } from './index';

const KEY = Symbol('i18n');

export interface I18n {
	locale: Locale;
	t: Translate;
}

/** Called once in the root layout; components read it with useI18n(). */
export function provideI18n(getLocale: () => Locale): void {
	setContext(KEY, {
		get locale() {
			return getLocale();
		},
		get t() {
			return translator(getLocale());
		}
	} satisfies I18n);
}

export function useI18n(): I18n {
	return getContext<I18n>(KEY);
}
