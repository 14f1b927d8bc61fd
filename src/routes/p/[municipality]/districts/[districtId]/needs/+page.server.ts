import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { findDistrictRef } from '$lib/server/plans/plans.repository';
import { listPublicNeeds } from '$lib/server/needs/needs.repository';
import { handbookActionFields } from '$lib/domain/action-fields';
import { needStates } from '$lib/domain/needs';
import { hasMessage } from '$lib/i18n';

/**
 * Part of the public portal (its layout: server-rendered only, no JavaScript, language choice).
 * What became of each need of a district, for everyone, without login. Shows only public data: the summary,
 * field of action, state, public reason and what it became – never the statement, who raised it or notes.
 * A district of another municipality (or an unknown one) is a 404.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	// The portal layout has answered 404 for an unknown slug or a switched-off portal and chosen the language
	// among those the municipality offers publicly.
	const { locale } = await parent();
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const district = await findDistrictRef(locals.db.kysely, municipality.id, params.districtId);
	if (!district) error(404, 'Not Found');
	const needs = await listPublicNeeds(locals.db.kysely, municipality.id, district.id);
	// Field names as the municipality wrote them; a handbook field still under its original German name is
	// shown in the reader's language (translatedKey set).
	const defaults = new Map<string, string>(handbookActionFields.map((f) => [f.key, f.name]));
	const translatedKey = (key: string, name: string) =>
		locale !== 'de' && defaults.get(key) === name && hasMessage(locale, `publicNeeds.fieldKey.${key}`) ? `publicNeeds.fieldKey.${key}` : null;
	const groups: { id: string; name: string; translatedKey: string | null; needs: typeof needs }[] = [];
	for (const n of needs) {
		const id = `${n.actionFieldSort}:${n.actionFieldKey}`;
		const last = groups.at(-1);
		if (last?.id === id) last.needs.push(n);
		else groups.push({ id, name: n.actionFieldName, translatedKey: translatedKey(n.actionFieldKey, n.actionFieldName), needs: [n] });
	}
	const counts = needStates.map((state) => ({ state, count: needs.filter((n) => n.state === state).length }));
	return {
		municipalityName: municipality.name,
		district: { id: district.id, name: district.name },
		groups,
		total: needs.length,
		counts
	};
};
