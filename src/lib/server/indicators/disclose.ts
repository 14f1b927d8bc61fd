/**
 * The one place where statistical figures are made fit to leave the server (pages, exports, API). Uses the
 * pure disclosure control of domain/statistics/disclosure.ts with the indicator's own minimum count:
 *
 * - count indicators: counts below the minimum are suppressed; when the figures are shown with their total
 *   (`total: 'sum'`, e.g. a map or ranking of all areas with the city total), complementary suppression
 *   makes sure the total does not give a suppressed count back;
 * - shares: numerator and denominator are counts and are controlled the same way; the share is shown only
 *   when both are (discloseShare). A share stored without its counts cannot be checked and is shown as given
 *   (unless the source suppressed it) — such imports should carry numerator and denominator;
 * - other values (means, indices): shown as given unless the source suppressed them.
 * Flags of the source (estimated, provisional) travel with the figures as official signs.
 */
import { discloseShare, suppressSeries, type DisclosedCell } from '../../domain/statistics/disclosure';
import { isSuppressed, type DisclosureFlag } from '../../domain/statistics/disclosure-symbols';
import type { Indicator } from './indicators.repository';

export interface RawFigure {
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	suppressed: boolean;
	estimated?: boolean;
	provisional?: boolean;
}

export interface DisclosedFigure {
	/** null when suppressed or not available */
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	flags: DisclosureFlag[];
}

export interface DisclosureOptions {
	/**
	 * 'sum': the figures are published together with their total (the total is Σ of them), so complementary
	 * suppression applies and the total is returned. 'none' (default): figures stand alone (e.g. one district
	 * beside a city value that also contains many unshown areas).
	 */
	total?: 'none' | 'sum';
}

type IndicatorRule = Pick<Indicator, 'valueKind' | 'disclosureMin' | 'scale'>;

const sourceFlags = (f: RawFigure): DisclosureFlag[] => [...(f.estimated ? (['estimated'] as const) : []), ...(f.provisional ? (['provisional'] as const) : [])];

/**
 * Applies disclosure control to the figures of ONE indicator and ONE period (same order in, same order out).
 */
export function discloseObservations<T extends RawFigure>(
	indicator: IndicatorRule,
	figures: readonly T[],
	opts: DisclosureOptions = {}
): { figures: (Omit<T, keyof RawFigure> & DisclosedFigure)[]; total: DisclosedFigure | null } {
	const rule = { minCount: indicator.disclosureMin };
	const withTotal = opts.total === 'sum';
	const rest = (f: T) => {
		const { value: _v, numerator: _n, denominator: _d, suppressed: _s, estimated: _e, provisional: _p, ...others } = f;
		return others as Omit<T, keyof RawFigure>;
	};

	const countLine = (pick: (f: T) => number | null) => {
		// Counts the source suppressed (or did not give) take part as suppressed cells with an unknown value.
		const known = figures.map((f) => (f.suppressed ? null : pick(f)));
		const cells = known.map((v) => (v === null ? 0 : Math.max(0, Math.round(v))));
		const flags = figures.map((f, i) => [...(known[i] === null ? (['suppressed-primary'] as DisclosureFlag[]) : []), ...sourceFlags(f)]);
		const line = suppressSeries(cells, rule, flags);
		const out: DisclosedCell[] = line.cells.map((c, i) => (isSuppressed(c.flags) ? { value: null, flags: c.flags } : { value: known[i], flags: c.flags }));
		// A total over cells of unknown value is unknown too.
		const total: DisclosedCell = known.some((v) => v === null) ? { value: null, flags: ['suppressed-secondary'] } : line.total;
		return { cells: withTotal ? out : out.map((c, i) => primaryOnly(known[i], figures[i], rule.minCount)), total };
	};

	if (indicator.valueKind === 'count') {
		const line = countLine((f) => f.value);
		return {
			figures: figures.map((f, i) => ({ ...rest(f), value: line.cells[i].value, numerator: null, denominator: null, flags: line.cells[i].flags })),
			total: withTotal ? { value: line.total.value, numerator: null, denominator: null, flags: line.total.flags } : null
		};
	}

	if (indicator.valueKind === 'share') {
		const hasCounts = (f: T) => f.numerator !== null && f.denominator !== null;
		const countable = figures.every((f) => f.suppressed || hasCounts(f));
		if (countable) {
			const num = countLine((f) => f.numerator);
			const den = countLine((f) => f.denominator);
			const shares = figures.map((_, i) => discloseShare(num.cells[i], den.cells[i], indicator.scale));
			const total = withTotal ? discloseShare(num.total, den.total, indicator.scale) : null;
			return {
				figures: figures.map((f, i) => ({ ...rest(f), value: shares[i].value, numerator: num.cells[i].value, denominator: den.cells[i].value, flags: shares[i].flags })),
				total: total && { value: total.value, numerator: num.total.value, denominator: den.total.value, flags: total.flags }
			};
		}
	}

	// Shares without counts and other values: as the source gave them, no total can be formed.
	return {
		figures: figures.map((f) => ({
			...rest(f),
			value: f.suppressed ? null : f.value,
			numerator: null,
			denominator: null,
			flags: f.suppressed ? (['suppressed-primary', ...sourceFlags(f)] as DisclosureFlag[]) : sourceFlags(f)
		})),
		total: withTotal ? { value: null, numerator: null, denominator: null, flags: ['suppressed-secondary'] } : null
	};
}

function primaryOnly(value: number | null, f: RawFigure, minCount: number): DisclosedCell {
	const flags = sourceFlags(f);
	if (value === null) return { value: null, flags: ['suppressed-primary', ...flags] };
	const n = Math.round(value);
	if (n > 0 && n < minCount) return { value: null, flags: ['suppressed-primary', ...flags] };
	return { value, flags };
}
