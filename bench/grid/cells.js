// Deterministic synthetic Zensus-like 100 m grid in EPSG:3035 (see generateCells), each cell with a population
// 1…250 (skewed towards small values, as real cells are). Same seed + box + count → same cells, in any process.

/** mulberry32: small, fast, seeded PRNG returning [0, 1). */
export function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * box: Berlin's bounding box [x0, y0, x1, y1] in EPSG:3035 metres, snapped outward to 100 m. It holds only about
 * 170,000 cells of 100 m, so the grid is widened by the same margin on every side until it holds 1.25 × count
 * cells: every cell of the box is in the data (the box is fully covered), and the remaining cells are drawn at
 * random (seeded partial Fisher–Yates) from the ring around it, as in the Germany-wide file of which Berlin is a
 * part. Returns typed arrays of lower-left corners (m) and population, in row-major order.
 */
export function generateCells(box, count, seed) {
	const bx0 = Math.floor(box[0] / 100) * 100;
	const by0 = Math.floor(box[1] / 100) * 100;
	const bcols = Math.ceil((box[2] - bx0) / 100);
	const brows = Math.ceil((box[3] - by0) / 100);
	let margin = 0;
	while ((bcols + 2 * margin) * (brows + 2 * margin) < 1.25 * count) margin++;
	const x0 = bx0 - margin * 100;
	const y0 = by0 - margin * 100;
	const cols = bcols + 2 * margin;
	const rows = brows + 2 * margin;
	const total = cols * rows;
	const inner = bcols * brows;
	if (count < inner) throw new Error(`${count} cells cannot cover the box (${inner} cells of 100 m)`);
	const isInner = (i) => {
		const c = i % cols;
		const r = Math.floor(i / cols);
		return c >= margin && c < margin + bcols && r >= margin && r < margin + brows;
	};
	const ring = new Uint32Array(total - inner);
	const chosen = new Uint32Array(count);
	let nRing = 0;
	let nChosen = 0;
	for (let i = 0; i < total; i++) {
		if (isInner(i)) chosen[nChosen++] = i;
		else ring[nRing++] = i;
	}
	const r = prng(seed);
	const draw = count - inner;
	for (let i = 0; i < draw; i++) {
		const j = i + Math.floor(r() * (nRing - i));
		const t = ring[i];
		ring[i] = ring[j];
		ring[j] = t;
		chosen[nChosen++] = ring[i];
	}
	chosen.sort();
	const east = new Int32Array(count);
	const north = new Int32Array(count);
	const pop = new Int32Array(count);
	const rp = prng(seed ^ 0x9e3779b9);
	let checksum = 0;
	for (let k = 0; k < count; k++) {
		const i = chosen[k];
		east[k] = x0 + (i % cols) * 100;
		north[k] = y0 + Math.floor(i / cols) * 100;
		const u = rp();
		pop[k] = 1 + Math.floor(u * u * u * 250);
		checksum = (checksum * 31 + east[k] + north[k] * 7 + pop[k]) >>> 0;
	}
	return { east, north, pop, count, grid: { x0, y0, cols, rows, total, berlinBoxCells: inner, marginCells: margin }, checksum };
}

/** The Zensus id of a cell (lower-left corner), as in GITTER_ID_100m. */
export const cellId = (east, north) => `CRS3035RES100mN${north}E${east}`;
