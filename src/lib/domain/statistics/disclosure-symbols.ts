/**
 * The signs of German official statistics ("Zeichenerklärung" of the Statistische Ämter des Bundes und
 * der Länder), so published figures read like those of the statistics offices people already know.
 *
 * Classic signs (Destatis, most Landesämter, and every older table):
 *   –  nichts vorhanden (genau null)
 *   0  weniger als die Hälfte von 1 in der letzten besetzten Stelle, jedoch mehr als nichts
 *   .  Zahlenwert unbekannt oder geheim zu halten          ← what suppression shows
 *   …  Angabe fällt später an
 *   /  keine Angaben, da Zahlenwert nicht sicher genug
 *   ( ) Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist
 *   x  Tabellenfach gesperrt, weil Aussage nicht sinnvoll
 *   p vorläufig, r berichtigt, s geschätzt (behind the number)
 * Some offices (e.g. Landesamt für Statistik Niedersachsen) have moved to letters that screen readers
 * and machines handle better: g geheim/unbekannt, n genau null, k auf null gerundet, t später,
 * u nicht sicher genug, x nicht sinnvoll, with p/r/s/e behind the number. Both sets are offered;
 * the classic set is the default.
 */

export type SymbolSet = 'classic' | 'letters';

/** Why a figure is not shown, or what qualifies it. */
export type DisclosureFlag = 'suppressed-primary' | 'suppressed-secondary' | 'estimated' | 'provisional' | 'revised';

export interface SymbolTable {
	/** secret (suppressed) or unknown */
	secret: string;
	/** exactly zero, when zeros are shown */
	zero: string;
	/** more than nothing but rounds to zero */
	roundedToZero: string;
	later: string;
	unreliable: string;
	notApplicable: string;
	provisional: string;
	revised: string;
	estimated: string;
}

export const SYMBOLS: Readonly<Record<SymbolSet, SymbolTable>> = {
	classic: {
		secret: '.',
		zero: '–',
		roundedToZero: '0',
		later: '…',
		unreliable: '/',
		notApplicable: 'x',
		provisional: 'p',
		revised: 'r',
		estimated: 's'
	},
	letters: {
		secret: 'g',
		zero: 'n',
		roundedToZero: 'k',
		later: 't',
		unreliable: 'u',
		notApplicable: 'x',
		provisional: 'p',
		revised: 'r',
		estimated: 's'
	}
};

export function isSuppressed(flags: readonly DisclosureFlag[]): boolean {
	return flags.includes('suppressed-primary') || flags.includes('suppressed-secondary');
}

/**
 * The text of one published cell: the secret sign for suppressed cells, the zero sign for an exact
 * zero, otherwise the formatted number followed by the qualifying letters (in the fixed order p r s,
 * separated by a space as in Destatis tables: "1 234 p").
 */
export function cellText(
	value: number | null,
	flags: readonly DisclosureFlag[],
	format: (n: number) => string = String,
	set: SymbolSet = 'classic'
): string {
	const sym = SYMBOLS[set];
	if (isSuppressed(flags) || value === null) return sym.secret;
	const body = value === 0 ? sym.zero : format(value);
	const marks = [
		flags.includes('provisional') ? sym.provisional : '',
		flags.includes('revised') ? sym.revised : '',
		flags.includes('estimated') ? sym.estimated : ''
	].join('');
	return marks ? `${body} ${marks}` : body;
}
