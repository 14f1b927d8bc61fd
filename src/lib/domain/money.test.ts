import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centsToGermanDecimal, formatEuro, MAX_CENTS, parseMoney } from './money';

describe('parseMoney', () => {
	it.each([
		['12.500,00', 1_250_000],
		['12500', 1_250_000],
		['1.250,50 €', 125_050],
		['€ 1.250,5', 125_050],
		['EUR 99,9', 9_990],
		['12 500', 1_250_000],
		['12\u00a0500,00\u00a0€', 1_250_000],
		['0', 0],
		['0,01', 1],
		['1250.50', 125_050],
		['1250.5', 125_050],
		['1.250', 125_000],
		['1.250.000', 125_000_000],
		[',5', 50],
		['-0', 0]
	])('parses %s', (input, cents) => {
		expect(parseMoney(input)).toEqual({ ok: true, cents });
	});

	it.each(['', ' ', 'abc', '12,5,0', '1.25.0', '12,345', '1,2.3', '.500', '12.50.00', '1e5', '12€50', '0x10', '--5'])('refuses %j', (input) => {
		expect(parseMoney(input).ok).toBe(false);
	});

	it('refuses negative amounts with their own message', () => {
		expect(parseMoney('-5')).toEqual({ ok: false, error: 'error.negative' });
		expect(parseMoney('−1.250,00 €')).toEqual({ ok: false, error: 'error.negative' });
	});

	it('refuses amounts beyond the maximum', () => {
		expect(parseMoney('9999999999999999')).toEqual({ ok: false, error: 'error.tooBig' });
		expect(parseMoney('1.000.000.000.000,00')).toEqual({ ok: false, error: 'error.tooBig' });
	});

	it('formats euros the German way', () => {
		expect(formatEuro(1_250_000)).toBe('12.500,00\u00a0€');
		expect(centsToGermanDecimal(125_050)).toBe('1.250,50');
	});

	it('round-trips every amount through its German, plain and euro-formatted forms (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: MAX_CENTS }), (cents) => {
				expect(parseMoney(centsToGermanDecimal(cents))).toEqual({ ok: true, cents });
				expect(parseMoney(formatEuro(cents))).toEqual({ ok: true, cents });
				const euros = Math.floor(cents / 100);
				const rest = cents % 100;
				expect(parseMoney(`${euros},${String(rest).padStart(2, '0')}`)).toEqual({ ok: true, cents });
				if (rest === 0) expect(parseMoney(String(euros))).toEqual({ ok: true, cents });
			}),
			{ numRuns: 2000 }
		);
	});

	it('never throws and never returns a negative or fractional amount for any string (property)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[-−€ .,0-9]{0,20}$/)), (s) => {
				const r = parseMoney(s);
				if (r.ok) {
					expect(Number.isSafeInteger(r.cents)).toBe(true);
					expect(r.cents).toBeGreaterThanOrEqual(0);
					expect(r.cents).toBeLessThanOrEqual(MAX_CENTS);
				}
			}),
			{ numRuns: 5000 }
		);
	});

	it('refuses every negative amount (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: MAX_CENTS }), (cents) => {
				expect(parseMoney(`-${centsToGermanDecimal(cents)}`)).toEqual({ ok: false, error: 'error.negative' });
			})
		);
	});
});
