/**
 * Validation of polygon rings from untrusted boundary files, with the location of each problem: finite
 * coordinates, closed rings of at least four distinct points, no self-intersection, holes inside their shell.
 * Works in any planar coordinates (metres or degrees); pure.
 */
export type Point = [number, number];
export type Ring = Point[];

export type RingProblemCode =
	| 'coordinateInvalid'
	| 'ringNotClosed'
	| 'ringTooFewPoints'
	| 'ringCollapsed'
	| 'selfIntersection'
	| 'holeOutsideShell'
	| 'ringsIntersect';

export interface RingProblem {
	code: RingProblemCode;
	/** 0-based polygon (of a MultiPolygon) and ring (0 = shell) index. */
	polygon: number;
	ring: number;
	/** Where, in the input coordinates. */
	at?: Point;
}

/** Checks one polygon (shell + holes). Returns the cleaned rings (consecutive duplicates removed) or problems. */
export function checkPolygon(raw: unknown, polygon: number): { rings: Ring[]; problems: RingProblem[] } {
	const problems: RingProblem[] = [];
	const rings: Ring[] = [];
	if (!Array.isArray(raw) || raw.length === 0) return { rings, problems: [{ code: 'ringTooFewPoints', polygon, ring: 0 }] };
	raw.forEach((r, ring) => {
		const checked = checkRing(r, polygon, ring);
		if ('problem' in checked) problems.push(checked.problem);
		else rings.push(checked.ring);
	});
	if (problems.length) return { rings, problems };
	const [shell, ...holes] = rings;
	holes.forEach((hole, i) => {
		const outside = hole.find((p) => pointInRing(p, shell) < 0);
		if (outside) problems.push({ code: 'holeOutsideShell', polygon, ring: i + 1, at: outside });
		else {
			const x = ringsCross(shell, hole);
			if (x) problems.push({ code: 'ringsIntersect', polygon, ring: i + 1, at: x });
		}
	});
	return { rings, problems };
}

function checkRing(raw: unknown, polygon: number, ring: number): { ring: Ring } | { problem: RingProblem } {
	const bad = (code: RingProblemCode, at?: Point) => ({ problem: { code, polygon, ring, ...(at ? { at } : {}) } });
	if (!Array.isArray(raw)) return bad('ringTooFewPoints');
	const pts: Ring = [];
	for (const p of raw) {
		if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
			return bad('coordinateInvalid', pts[pts.length - 1]);
		pts.push([p[0], p[1]]);
	}
	if (pts.length < 4) return bad('ringTooFewPoints', pts[0]);
	const [f, l] = [pts[0], pts[pts.length - 1]];
	if (f[0] !== l[0] || f[1] !== l[1]) return bad('ringNotClosed', l);
	const dedup: Ring = [pts[0]];
	for (const p of pts.slice(1)) {
		const q = dedup[dedup.length - 1];
		if (p[0] !== q[0] || p[1] !== q[1]) dedup.push(p);
	}
	if (dedup.length < 4) return bad('ringTooFewPoints', pts[0]);
	const [x0, y0, x1, y1] = ringBBox(dedup);
	const scale = Math.max(x1 - x0, y1 - y0);
	// Crossing first: a symmetric bow tie has zero area too, and the crossing point helps the user more.
	const x = findSelfIntersection(dedup);
	if (x) return bad('selfIntersection', x);
	if (Math.abs(signedArea(dedup)) <= 1e-12 * scale * scale) return bad('ringCollapsed', dedup[0]);
	return { ring: dedup };
}

/** Shoelace area; positive = counter-clockwise (x east, y north). */
export function signedArea(ring: Ring): number {
	let a = 0;
	for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return a / 2;
}

/** RFC 7946 §3.1.6: shells counter-clockwise, holes clockwise. */
export function orientRings(rings: Ring[]): Ring[] {
	return rings.map((r, i) => ((signedArea(r) > 0) === (i === 0) ? r : [...r].reverse()));
}

export function ringBBox(ring: Ring): [number, number, number, number] {
	let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [x, y] of ring) {
		if (x < x0) x0 = x;
		if (x > x1) x1 = x;
		if (y < y0) y0 = y;
		if (y > y1) y1 = y;
	}
	return [x0, y0, x1, y1];
}

/** 1 inside, 0 on the boundary, −1 outside (crossing number with an exact on-segment test). */
export function pointInRing(p: Point, ring: Ring): number {
	let inside = false;
	const [px, py] = p;
	for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (orient(ring[j], ring[i], p) === 0 && between(ring[j], ring[i], p)) return 0;
		if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside ? 1 : -1;
}

function orient(a: Point, b: Point, c: Point): number {
	const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function between(a: Point, b: Point, p: Point): boolean {
	return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** The point where two segments touch or cross, or null. */
function segmentIntersection(p1: Point, p2: Point, q1: Point, q2: Point): Point | null {
	const o1 = orient(p1, p2, q1);
	const o2 = orient(p1, p2, q2);
	const o3 = orient(q1, q2, p1);
	const o4 = orient(q1, q2, p2);
	if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
		const d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0]);
		const t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d;
		return [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])];
	}
	if (o1 === 0 && between(p1, p2, q1)) return q1;
	if (o2 === 0 && between(p1, p2, q2)) return q2;
	if (o3 === 0 && between(q1, q2, p1)) return p1;
	if (o4 === 0 && between(q1, q2, p2)) return p2;
	return null;
}

interface Edge {
	a: Point;
	b: Point;
	i: number;
	minX: number;
	maxX: number;
	minY: number;
	maxY: number;
}

function edgesOf(ring: Ring): Edge[] {
	const out: Edge[] = [];
	for (let i = 0; i < ring.length - 1; i++) {
		const [a, b] = [ring[i], ring[i + 1]];
		out.push({ a, b, i, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) });
	}
	return out.sort((e, f) => e.minX - f.minX);
}

/**
 * The first place where two non-adjacent edges of a closed ring touch or cross, or where adjacent edges fold back
 * onto each other (a spike). Edges sorted by their left end, so typical boundaries cost about n log n.
 */
export function findSelfIntersection(ring: Ring): Point | null {
	const n = ring.length - 1;
	const edges = edgesOf(ring);
	for (let x = 0; x < edges.length; x++) {
		const e = edges[x];
		for (let y = x + 1; y < edges.length && edges[y].minX <= e.maxX; y++) {
			const f = edges[y];
			if (f.minY > e.maxY || f.maxY < e.minY) continue;
			const adjacent = Math.abs(e.i - f.i) === 1 || Math.abs(e.i - f.i) === n - 1;
			if (adjacent) {
				const spike = foldBack(e, f);
				if (spike) return spike;
				continue;
			}
			const p = segmentIntersection(e.a, e.b, f.a, f.b);
			if (p) return p;
		}
	}
	return null;
}

/** Adjacent edges share one vertex; they conflict only if collinear and overlapping (the ring turns back). */
function foldBack(e: Edge, f: Edge): Point | null {
	if (orient(e.a, e.b, f.a) !== 0 || orient(e.a, e.b, f.b) !== 0) return null;
	const same = (p: Point, q: Point) => p[0] === q[0] && p[1] === q[1];
	const shared = same(e.b, f.a) || same(e.b, f.b) ? e.b : e.a;
	const eOther = same(e.a, shared) ? e.b : e.a;
	const fOther = same(f.a, shared) ? f.b : f.a;
	// Collinear through the shared vertex: overlapping if both others lie on the same side of it.
	const dot = (eOther[0] - shared[0]) * (fOther[0] - shared[0]) + (eOther[1] - shared[1]) * (fOther[1] - shared[1]);
	return dot > 0 ? shared : null;
}

/** The first point where a hole's edges cross its shell's edges (touching at one vertex is allowed by OGC). */
function ringsCross(shell: Ring, hole: Ring): Point | null {
	const a = edgesOf(shell);
	const b = edgesOf(hole);
	for (const e of a)
		for (const f of b) {
			if (f.minX > e.maxX || f.maxX < e.minX || f.minY > e.maxY || f.maxY < e.minY) continue;
			const o = [orient(e.a, e.b, f.a), orient(e.a, e.b, f.b), orient(f.a, f.b, e.a), orient(f.a, f.b, e.b)];
			if (o[0] * o[1] < 0 && o[2] * o[3] < 0) return segmentIntersection(e.a, e.b, f.a, f.b);
		}
	return null;
}
