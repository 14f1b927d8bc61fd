import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { districtUsage, findDistrict, listChildDistricts } from '$lib/server/districts/districts.repository';
import { canEditDistrict, canManageDistricts } from '$lib/server/districts/policies';
import { deleteDistrict } from '$lib/server/districts/delete-district';
import { findDistrictConcept } from '$lib/server/concepts/concepts.repository';
import { boundaryStats, polygonsOf, svgOutline, type BoundaryGeometry } from '$lib/domain/geojson';
import { htmlLang } from '$lib/i18n';
import { actorsOfDistrict } from '$lib/server/actors/actors.repository';
import { canCreateActor } from '$lib/server/actors/policies';

const notices = ['created', 'updated'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const k = ctx.db.kysely;
	const district = await findDistrict(k, ctx.municipalityId, params.districtId);
	if (!district) error(404, 'Not Found');
	const [parent, children, concept, usage, actors] = await Promise.all([
		district.parentId ? findDistrict(k, ctx.municipalityId, district.parentId) : undefined,
		listChildDistricts(k, ctx.municipalityId, district.id),
		findDistrictConcept(k, ctx.municipalityId, district.id),
		districtUsage(k, ctx.municipalityId, district.id),
		actorsOfDistrict(k, ctx.municipalityId, district.id)
	]);

	// The outline: the district's own boundary, with its sub-areas drawn inside; without one, the sub-areas.
	const childShapes = children.map((c) => c.boundary).filter((b): b is BoundaryGeometry => b !== null);
	const shape: BoundaryGeometry | null =
		district.boundary ?? (childShapes.length ? { type: 'MultiPolygon', coordinates: childShapes.flatMap(polygonsOf) } : null);
	const outline = shape ? svgOutline([shape, ...(district.boundary ? childShapes : [])], 360) : null;
	const nf = (digits: number) => new Intl.NumberFormat(htmlLang(locals.locale), { maximumFractionDigits: digits, minimumFractionDigits: digits });
	const stats = shape ? boundaryStats(shape) : null;

	return {
		district: { id: district.id, name: district.name, code: district.code, hasBoundary: district.boundary !== null },
		parent: parent ? { id: parent.id, name: parent.name, code: parent.code } : null,
		children: children.map((c) => ({ id: c.id, name: c.name, code: c.code })),
		outline: outline && {
			...outline,
			fromChildren: district.boundary === null,
			childOutlines: district.boundary ? childShapes.length : 0
		},
		stats: stats && {
			width: nf(1).format(stats.widthKm),
			height: nf(1).format(stats.heightKm),
			area: nf(2).format(stats.areaKm2),
			polygons: stats.polygons,
			lat: nf(4).format(stats.center[1]),
			lon: nf(4).format(stats.center[0])
		},
		concept: concept && {
			phase: concept.phase,
			done: concept.decisions.filter((d) => d.state === 'done').length,
			total: concept.decisions.length
		},
		hasPlan: usage.plans > 0,
		actors: { ...actors, canCreate: canCreateActor(ctx.principal) },
		canEdit: canEditDistrict(ctx.principal, district.id),
		canDelete: canManageDistricts(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

export const actions: Actions = {
	delete: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		if (values.confirm !== 'on') return fail(422, { errors: { confirm: ['district.error.confirm'] }, values: { section: 'delete' } });
		try {
			await deleteDistrict({ ctx, districtId: params.districtId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/districts?notice=deleted`);
	}
};
