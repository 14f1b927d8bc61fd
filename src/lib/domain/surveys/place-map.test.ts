import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundsOf, findMapClick, frameContains, gridCounts, mapFrame, parseMapClick, PLACE_MAP_MAX_HEIGHT, PLACE_MAP_MIN_HEIGHT, PLACE_MAP_WIDTH, toLatLon, toPixel } from './place-map';
import { parseAnswers, type Question } from './model';
import { placeGrid, questionResults } from './results';
import type { BoundaryGeometry } from '../geojson';

// Roughly Neukölln-Nord: 13.42–13.46 E, 52.47–52.49 N.
const district: BoundaryGeometry = {
	type: 'Polygon',
	coordinates: [
		[
			[13.42, 52.47],
			[13.46, 52.47],
			[13.46, 52.49],
			[13.42, 52.49],
			[13.42, 52.47]
		]
	]
};
const box = boundsOf([district])!;
const f = mapFrame(box);

describe('place map frame', () => {
	it('frames the boundaries with room on every side, the same ground scale both ways, a fixed width', () => {
		expect(box).toEqual({ minLon: 13.42, minLat: 52.47, maxLon: 13.46, maxLat: 52.49 });
		expect(f.width).toBe(PLACE_MAP_WIDTH);
		expect(f.height).toBeGreaterThanOrEqual(PLACE_MAP_MIN_HEIGHT);
		expect(f.height).toBeLessThanOrEqual(PLACE_MAP_MAX_HEIGHT);
		expect(f.west).toBeLessThan(13.42);
		expect(f.east).toBeGreaterThan(13.46);
		expect(f.south).toBeLessThan(52.47);
		expect(f.north).toBeGreaterThan(52.49);
		// metres per pixel east–west equal metres per pixel north–south (within rounding of the frame)
		const k = Math.cos((52.48 * Math.PI) / 180);
		const mx = ((f.east - f.west) * k) / f.width;
		const my = (f.north - f.south) / f.height;
		expect(Math.abs(mx - my) / my).toBeLessThan(0.01);
		// the same box gives the same frame, wherever it is computed
		expect(mapFrame({ ...box })).toEqual(f);
	});

	it('is null without a usable boundary', () => {
		expect(boundsOf([])).toBeNull();
		expect(boundsOf([{ type: 'Polygon', coordinates: [[[NaN, 1] as [number, number]]] }])).toBeNull();
	});

	it('puts the corners of the frame on the corners of the picture and the centre in the middle', () => {
		expect(toPixel(f, { lat: f.north, lon: f.west })).toEqual([0, 0]);
		const [x, y] = toPixel(f, { lat: f.south, lon: f.east });
		expect(x).toBeCloseTo(f.width, 6);
		expect(y).toBeCloseTo(f.height, 6);
		const c = toLatLon(f, f.width / 2, f.height / 2);
		expect(c.lat).toBeCloseTo(52.48, 5);
		expect(c.lon).toBeCloseTo(13.44, 5);
	});

	it('converts pixels to coordinates and back within a tenth of a pixel (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: f.width }), fc.integer({ min: 0, max: f.height }), (x, y) => {
				const p = toLatLon(f, x, y);
				expect(frameContains(f, p)).toBe(true);
				const [bx, by] = toPixel(f, p);
				expect(Math.abs(bx - x)).toBeLessThan(0.1);
				expect(Math.abs(by - y)).toBeLessThan(0.1);
			})
		);
	});

	it('accepts a click only as whole pixels on the picture', () => {
		expect(parseMapClick(f, '144', '100')).toEqual(toLatLon(f, 144, 100));
		expect(parseMapClick(f, ['10'], ['20'])).toEqual(toLatLon(f, 10, 20));
		for (const [x, y] of [
			['-1', '10'],
			['10', String(f.height + 1)],
			[String(f.width + 1), '10'],
			['1e2', '10'],
			['12.5', '10'],
			['', '10'],
			[undefined, '10'],
			['10', '0x10'],
			['99999999', '1']
		])
			expect(parseMapClick(f, x, y)).toBeNull();
	});

	it('finds the map click among the fields of the form', () => {
		expect(findMapClick({ q_a: 'o1', 'm_b.x': '3', 'm_b.y': '4' }, ['a', 'b'])).toEqual({ questionId: 'b', x: '3', y: '4' });
		expect(findMapClick({ q_a: 'o1' }, ['a', 'b'])).toBeNull();
		expect(findMapClick({ 'm_zz.x': '3', 'm_zz.y': '4' }, ['a'])).toBeNull();
	});

	it('counts coordinates per grid cell, from the north-west, and counts points off the map apart', () => {
		const g = gridCounts(f, [toLatLon(f, 1, 1), toLatLon(f, 2, 2), toLatLon(f, f.width - 1, f.height - 1), { lat: 10, lon: 10 }], 6);
		expect(g.cols).toBe(6);
		expect(g.cells).toHaveLength(g.cols * g.rows);
		expect(g.cells[0]).toMatchObject({ label: 'A1', count: 2 });
		expect(g.cells[g.cells.length - 1]).toMatchObject({ label: `F${g.rows}`, count: 1 });
		expect(g.outside).toBe(1);
	});
});

describe('place answers against the map', () => {
	const q: Question = { id: 'p', kind: 'place', text: 'Wo?', help: '', required: false, personalData: false, consentText: '', options: [], min: null, max: null, maxLength: null, condition: null };

	it('stores a point on the map and refuses one beyond it', () => {
		const inside = toLatLon(f, 100, 100);
		expect(parseAnswers([q], { q_p_lat: inside.lat.toFixed(6), q_p_lon: inside.lon.toFixed(6) }, { placeFrame: f }).answers[0].value).toEqual(inside);
		expect(parseAnswers([q], { q_p_lat: '48.1370', q_p_lon: '11.5750' }, { placeFrame: f })).toEqual({ answers: [], errors: { q_p: ['error.survey.placeOutsideMap'] } });
		// Without a map, any valid coordinate is taken (as before).
		expect(parseAnswers([q], { q_p_lat: '48.1370', q_p_lon: '11.5750' }).answers).toHaveLength(1);
	});

	it('shows coordinates per grid cell only from 5 on, with a complementary cell when one alone would be suppressed', () => {
		const many = Array.from({ length: 7 }, () => toLatLon(f, 5, 5));
		const few = Array.from({ length: 3 }, () => toLatLon(f, f.width - 5, f.height - 5));
		const g = placeGrid(f, [...many, ...few]);
		const a1 = g.cells.find((c) => c.label === 'A1')!;
		const last = g.cells[g.cells.length - 1];
		expect(last.cell.value).toBeNull();
		// The 3 alone would come back as total − shown cells: a second cell is suppressed with it (the smallest, as in every table).
		expect(a1.cell.value).toBe(7);
		expect(g.cells.filter((c) => c.cell.value === null)).toHaveLength(2);
		expect(g.cells.filter((c) => c.cell.flags.includes('suppressed-secondary'))).toHaveLength(1);
		const g2 = placeGrid(f, [...many, ...Array.from({ length: 6 }, () => toLatLon(f, f.width - 5, f.height - 5))]);
		expect(g2.cells.find((c) => c.label === 'A1')!.cell.value).toBe(7);
		expect(g2.cells[g2.cells.length - 1].cell.value).toBe(6);

		const results = questionResults([q], [...many, ...few].map((v, i) => ({ responseId: `r${i}`, questionId: 'p', value: v })), 5, f);
		expect(results[0].kind === 'options' && results[0].grid?.cells.length).toBeGreaterThan(0);
		expect(questionResults([q], [], 5, f)[0]).toMatchObject({ grid: null });
	});
});
