/**
 * The Berlin "Monitoring Soziale Stadtentwicklung" (MSS, SenStadt; MSS 2013 method, adapted 2019,
 * 542 LOR planning areas since MSS 2021) expressed as composite-index configurations, so a
 * municipality can start from a published, tested method, and so tests can prove that our index
 * reproduces it (mss-2021.test.ts: every published class of the 536 valid areas).
 *
 * What the method is (found by reproducing the published classes; the published wording:
 * berlin.de/sen/sbw/stadtdaten/stadtwissen/monitoring-soziale-stadtentwicklung, "Tabellen" and
 * "Indikatorenblätter"):
 * - areas: planning areas with fewer than 300 inhabitants are left out ("um Verzerrungen durch
 *   Zufallsfehler weitgehend auszuschließen und Datenschutzprobleme zu vermeiden"), and one area is
 *   left out as an outlier with extreme values (10100205 Gewerbegebiet Bitterfelder Straße);
 * - every indicator is z-standardised over the remaining areas with the simple mean and the
 *   POPULATION SD (the sample SD puts 05400942 Alt-Gatow in the wrong S3 class);
 * - status index = S1 + S3 + S4 z-values, equally weighted, re-standardised; classes at −1, +1, +1.5 SD:
 *   1 hoch, 2 mittel, 3 niedrig, 4 sehr niedrig;
 * - dynamics index = D1 + D3 + D4 z-values (changes over two years in percentage points),
 *   re-standardised; classes at −1, +1 SD: positiv, stabil, negativ (published codes 1, 3, 5);
 * - map classes of the single indicators ("*_SD_GR") cut the indicator's own z at the same
 *   thresholds: −1, +1, +1.5 for status and context indicators, −1, +1 for dynamics indicators.
 */
import type { CompositeIndexConfig } from './composite-index';

export const MSS_MIN_POPULATION = 300;

/** The MSS 2019/2021/2023 outlier, by its LOR 2021 id. */
export const MSS_OUTLIERS: Readonly<Record<string, string>> = {
	'10100205': 'Ausreißer: zu hohe Extremwerte (Gewerbegebiet Bitterfelder Straße)'
};

export const MSS_STATUS_THRESHOLDS = [-1, 1, 1.5] as const;
export const MSS_DYNAMICS_THRESHOLDS = [-1, 1] as const;

export const MSS_STATUS_CLASSES = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'] as const;
export const MSS_DYNAMICS_CLASSES = ['positiv', 'stabil', 'negativ'] as const;
/** The published dynamics codes (DI_N) are 1, 3, 5 rather than 1, 2, 3: class k ↦ 2k − 1. */
export const mssDynamicsCode = (cls: number): number => 2 * cls - 1;

function mssConfig(keys: readonly string[], thresholds: readonly number[]): CompositeIndexConfig {
	return {
		indicators: keys.map((key) => ({ key, direction: 'higherIsWorse' as const, weight: 1 })),
		classThresholds: thresholds,
		missing: 'excludeArea',
		minPopulation: MSS_MIN_POPULATION,
		manualExclusions: MSS_OUTLIERS,
		sd: 'population'
	};
}

/** Status index of MSS 2019–2023: unemployment (SGB II), transfer benefits, child poverty. */
export const mssStatusIndexConfig = (): CompositeIndexConfig => mssConfig(['S1', 'S3', 'S4'], MSS_STATUS_THRESHOLDS);

/** Dynamics index: the two-year changes of the same three indicators. */
export const mssDynamicsIndexConfig = (): CompositeIndexConfig => mssConfig(['D1', 'D3', 'D4'], MSS_DYNAMICS_THRESHOLDS);
