import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Locale } from '../../i18n/locales';
import { translator } from '../../i18n';
import type { PlanSnapshot } from '../../domain/plans/snapshot';
import { findMunicipalityById } from '../municipalities/municipalities.repository';
import { findDistrict } from '../districts/districts.repository';
import { findDistrictConcept } from '../concepts/concepts.repository';
import { listActors } from '../actors/actors.repository';
import { findPlan } from '../plans/plans.repository';
import { listActionFields } from '../plans/action-fields.repository';
import { buildPlanSnapshot, findPlanVersion, planVersionStatus } from '../plans/plan-versions.repository';
import { loadInventory } from './inventory';
import { planDocumentFromSnapshot, translatePlanDocument, type DocVersion, type PlanDocument } from './plan-document';
import { sourceHash } from '../plans/plan-translations.repository';

/**
 * Everything the document needs, in a fixed number of queries (independent of the number of measures):
 * the living plan, or with `versionId` a stored version of it (its frozen snapshot and resolution data).
 * Undefined when the plan – or the version of THIS plan – does not exist in this municipality.
 *
 * What a snapshot does not freeze is read as it is now: the district concept (understanding of integration),
 * the statistics, actor kinds and the descriptions of the fields of action. `locale` is the document language:
 * the statistics figures are labelled in it, and where the plan has it as a content language, the plan's texts
 * are the translations (those frozen in the snapshot), German where a translation is missing or outdated.
 */
export async function loadPlanDocument(
	db: Kysely<Database>,
	municipalityId: string,
	planId: string,
	locale: Locale,
	opts: { versionId?: string } = {}
): Promise<PlanDocument | undefined> {
	const plan = await findPlan(db, municipalityId, planId);
	if (!plan) return undefined;
	let snapshot: PlanSnapshot | undefined;
	let version: DocVersion;
	if (opts.versionId !== undefined) {
		const v = await findPlanVersion(db, municipalityId, opts.versionId);
		if (!v || v.planId !== plan.id) return undefined;
		snapshot = v.snapshot;
		const r = v.resolution;
		version = {
			state: v.state,
			number: v.number,
			date: r?.date ?? v.submittedAt,
			resolution: r ? { body: r.body, date: r.date, reference: r.referenceNumber, link: r.link, notes: r.notes } : null,
			inForce: null,
			pending: null
		};
	} else {
		const [s, status] = await Promise.all([buildPlanSnapshot(db, municipalityId, plan.id), planVersionStatus(db, municipalityId, plan.id)]);
		snapshot = s;
		const inForce = status.resolved;
		version = {
			state: 'working',
			number: null,
			date: plan.updatedAt,
			resolution: null,
			inForce: inForce?.resolution
				? { number: inForce.number, body: inForce.resolution.body, date: inForce.resolution.date, reference: inForce.resolution.referenceNumber }
				: null,
			pending: status.submitted ? { number: status.submitted.number, submittedAt: status.submitted.submittedAt } : null
		};
	}
	if (!snapshot) return undefined;
	const [municipality, district, concept, actors, fields, inventory] = await Promise.all([
		findMunicipalityById(db, municipalityId),
		findDistrict(db, municipalityId, plan.districtId),
		findDistrictConcept(db, municipalityId, plan.districtId),
		listActors(db, municipalityId),
		listActionFields(db, municipalityId),
		loadInventory(db, municipalityId, plan.districtId, locale, translator(locale))
	]);
	const doc = planDocumentFromSnapshot(snapshot, {
		municipality: { name: municipality?.name ?? '' },
		district: { id: plan.districtId, name: snapshot.plan.districtName || plan.districtName, code: district?.code ?? '' },
		version,
		concept: concept
			? {
					conceptType: concept.conceptType,
					approaches: concept.approaches,
					integrationUnderstanding: concept.integrationUnderstanding,
					phase: concept.phase,
					resources: concept.resources
				}
			: null,
		actorKinds: new Map(actors.map((a) => [a.id, a.kind as string])),
		fieldDescriptions: new Map(fields.map((f) => [f.id, f.description])),
		inventory,
		generatedAt: new Date().toISOString()
	});
	// the plan's texts in the document language where the plan has it as a content language (a version: its frozen translations)
	return translatePlanDocument(doc, locale, snapshot.translations ?? [], sourceHash);
}
