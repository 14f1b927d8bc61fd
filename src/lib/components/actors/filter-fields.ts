import type { Translate } from '$lib/i18n';
import type { FilterField } from '$lib/components/FilterForm.svelte';

type T = Translate;

/** The district choice of the actor filters: a district's view (its district-level actors and the city-wide ones). */
export const districtField = (districts: { id: string; name: string; depth: number }[], value: string, t: T): FilterField => ({
	kind: 'select',
	name: 'district',
	label: t('actor.filter.district'),
	hint: t('actor.filter.districtHint'),
	value,
	options: districts.map((d) => ({ value: d.id, label: d.name, depth: d.depth }))
});
