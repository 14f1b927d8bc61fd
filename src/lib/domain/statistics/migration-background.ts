/**
 * Migration background from a population register extract (Melderegister), by the rule of MigraPro — the
 * procedure of the German city statisticians (Verband Deutscher Städtestatistiker, KOSIS-Gemeinschaft HHSTAT;
 * developed in Stuttgart, also called "Göttinger Modell" in the handbook) that derives migration background from
 * register attributes, since the register has no such field.
 *
 * Sources:
 *  - VDSt: "MigraPro" (staedtestatistik.de): Germans with migration background are found by combining the
 *    attributes second citizenship, origin of the move-in (Zuzugsherkunft), kind of German citizenship (by
 *    naturalisation, as ethnic German repatriate / Art. 116 GG) and place of birth (abroad); adding the persons
 *    with foreign citizenship gives all residents with migration background.
 *  - A. Schmitz-Veltin (Stuttgart): "Einwohner mit Migrationshintergrund. Ableitung des Migrationshintergrunds
 *    aus dem Melderegister – das Verfahren MigraPro", VDSt AG Nord/West, Bremen 2010: minors without such
 *    attributes of their own get the migration background of a parent they are linked to in the register.
 *  - VDSt AG Bevölkerung: "Migrationshintergrund in der Statistik – Definitionen, Erfassung und
 *    Vergleichbarkeit", Materialien zur Bevölkerungsstatistik Heft 2, 2013.
 *  - Statistisches Bundesamt (Mikrozensus): a person has a migration background if they or at least one parent
 *    did not acquire German citizenship by birth. The register approximates this; results are not identical.
 *
 * The rule, per person (first that applies):
 *  1. no German citizenship                                   → foreigner
 *  2. German and naturalised (flag or date)                   → German with migration background: naturalised
 *  3. German, ethnic German repatriate (Aussiedler, if known) → …: repatriate
 *  4. German with a second, foreign citizenship              → …: secondCitizenship
 *  5. German, born abroad (country of birth not Germany)      → …: bornAbroad   (optional, default on)
 *  6. German minor with a parent who is a foreigner or a German with migration background (1–5)
 *                                                             → …: viaParents
 *  7. otherwise                                               → German without migration background
 *  Missing citizenship → counted as `unknown`, never guessed.
 *
 * Privacy: {@link aggregateMigrationBackground} consumes an iterator and returns counts per area only. It keeps,
 * for the length of one call, one bit per person id (has a migration background of their own) so that family
 * links can be resolved when a parent comes after the child; raw rows are never stored or returned.
 */

export interface PersonAttributes {
	/** Citizenship: ISO 3166 alpha-2/alpha-3 or the register key ("000" = German). */
	citizenship: string | null | undefined;
	secondCitizenship?: string | null;
	countryOfBirth?: string | null;
	naturalised?: boolean | null;
	naturalisationDate?: string | null;
	/** Ethnic German repatriate (Aussiedler/Spätaussiedler, "Art der deutschen Staatsangehörigkeit"), if known. */
	repatriate?: boolean | null;
}

export interface RegisterPerson extends PersonAttributes {
	/** Id within the extract, only to resolve family links. */
	personId?: string;
	areaId: string;
	/** YYYY-MM-DD; or give `age`. */
	birthDate?: string | null;
	age?: number | null;
	/** Ids of parents in the same extract (family link). */
	parentIds?: string[];
	/** Parents' attributes given inline instead of by id. */
	parents?: PersonAttributes[];
}

export type MigrationClass = 'foreigner' | 'germanWithMigrationBackground' | 'germanWithoutMigrationBackground' | 'unknown';
export type MigrationReason = 'naturalised' | 'repatriate' | 'secondCitizenship' | 'bornAbroad' | 'viaParents';

export interface MigrationCounts {
	total: number;
	foreigners: number;
	germanWithMigrationBackground: number;
	germanWithoutMigrationBackground: number;
	unknown: number;
	/** Foreigners + Germans with migration background. */
	withMigrationBackground: number;
	/** Germans with migration background by the first reason that applied. */
	byReason: Record<MigrationReason, number>;
	/** Of all, the minors (under 18 at the reference date). */
	minors: number;
	minorsWithMigrationBackground: number;
}

export interface MigrationOptions {
	/** Reference date for the age (YYYY-MM-DD), e.g. the extract's date. */
	referenceDate: string;
	/** Count Germans born abroad (rule 5). Default true. */
	bornAbroadCounts?: boolean;
	/** Codes meaning German. Default: DE, DEU, 000, D, deutsch. */
	germanCodes?: string[];
}

const DEFAULT_GERMAN = ['DE', 'DEU', '000', 'D', 'DEUTSCH'];

const norm = (s: string | null | undefined) => (s ?? '').trim().toUpperCase();

/** Own status of a person, without looking at parents. */
export function classifyOwn(p: PersonAttributes, opts: Pick<MigrationOptions, 'bornAbroadCounts' | 'germanCodes'> = {}): { cls: MigrationClass; reason?: MigrationReason } {
	const german = new Set((opts.germanCodes ?? DEFAULT_GERMAN).map(norm));
	const c = norm(p.citizenship);
	if (c === '') return { cls: 'unknown' };
	if (!german.has(c)) return { cls: 'foreigner' };
	if (p.naturalised || (p.naturalisationDate ?? '').trim() !== '') return { cls: 'germanWithMigrationBackground', reason: 'naturalised' };
	if (p.repatriate) return { cls: 'germanWithMigrationBackground', reason: 'repatriate' };
	const second = norm(p.secondCitizenship);
	if (second !== '' && !german.has(second)) return { cls: 'germanWithMigrationBackground', reason: 'secondCitizenship' };
	const birth = norm(p.countryOfBirth);
	if ((opts.bornAbroadCounts ?? true) && birth !== '' && !german.has(birth)) return { cls: 'germanWithMigrationBackground', reason: 'bornAbroad' };
	return { cls: 'germanWithoutMigrationBackground' };
}

const hasOwnBackground = (cls: MigrationClass) => cls === 'foreigner' || cls === 'germanWithMigrationBackground';

/** Age in completed years at the reference date, or null if unknown. */
export function ageAt(birthDate: string | null | undefined, referenceDate: string): number | null {
	const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
	const r = /^(\d{4})-(\d{2})-(\d{2})/.exec(referenceDate);
	if (!b || !r) return null;
	let age = Number(r[1]) - Number(b[1]);
	if (r[2] + r[3] < b[2] + b[3]) age--;
	return age;
}

export function emptyCounts(): MigrationCounts {
	return {
		total: 0,
		foreigners: 0,
		germanWithMigrationBackground: 0,
		germanWithoutMigrationBackground: 0,
		unknown: 0,
		withMigrationBackground: 0,
		byReason: { naturalised: 0, repatriate: 0, secondCitizenship: 0, bornAbroad: 0, viaParents: 0 },
		minors: 0,
		minorsWithMigrationBackground: 0
	};
}

/**
 * Counts per area from a register extract. The iterator is consumed once; persons are classified as they come,
 * German minors without own attributes whose parents (by id) have not been seen yet wait until the end with
 * nothing but their area and parent ids.
 */
export async function aggregateMigrationBackground(persons: AsyncIterable<RegisterPerson> | Iterable<RegisterPerson>, opts: MigrationOptions): Promise<Map<string, MigrationCounts>> {
	const counts = new Map<string, MigrationCounts>();
	const ownBackground = new Map<string, boolean>();
	const pending: { areaId: string; parentIds: string[] }[] = [];
	const area = (id: string) => {
		let c = counts.get(id);
		if (!c) counts.set(id, (c = emptyCounts()));
		return c;
	};
	const add = (areaId: string, cls: MigrationClass, reason: MigrationReason | undefined, minor: boolean) => {
		const c = area(areaId);
		c.total++;
		if (cls === 'foreigner') c.foreigners++;
		else if (cls === 'germanWithMigrationBackground') c.germanWithMigrationBackground++;
		else if (cls === 'germanWithoutMigrationBackground') c.germanWithoutMigrationBackground++;
		else c.unknown++;
		if (reason) c.byReason[reason]++;
		if (hasOwnBackground(cls)) c.withMigrationBackground++;
		if (minor) {
			c.minors++;
			if (hasOwnBackground(cls)) c.minorsWithMigrationBackground++;
		}
	};

	for await (const p of persons) {
		const own = classifyOwn(p, opts);
		if (p.personId) ownBackground.set(p.personId, hasOwnBackground(own.cls));
		const age = p.age ?? ageAt(p.birthDate, opts.referenceDate);
		const minor = age !== null && age < 18;
		if (own.cls !== 'germanWithoutMigrationBackground' || !minor) {
			add(p.areaId, own.cls, own.reason, minor);
			continue;
		}
		// Rule 6: a German minor without attributes of their own, through the parents.
		if ((p.parents ?? []).some((parent) => hasOwnBackground(classifyOwn(parent, opts).cls))) {
			add(p.areaId, 'germanWithMigrationBackground', 'viaParents', true);
			continue;
		}
		const ids = p.parentIds ?? [];
		if (ids.some((id) => ownBackground.get(id) === true)) add(p.areaId, 'germanWithMigrationBackground', 'viaParents', true);
		else if (ids.some((id) => !ownBackground.has(id))) pending.push({ areaId: p.areaId, parentIds: ids });
		else add(p.areaId, own.cls, undefined, true);
	}
	for (const m of pending) {
		const via = m.parentIds.some((id) => ownBackground.get(id) === true);
		add(m.areaId, via ? 'germanWithMigrationBackground' : 'germanWithoutMigrationBackground', via ? 'viaParents' : undefined, true);
	}
	return counts;
}
