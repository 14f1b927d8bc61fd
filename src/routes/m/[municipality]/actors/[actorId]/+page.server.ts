import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActor, findActorProfile, listActivities, listActors, listContacts, listCooperations, measuresOfActor } from '$lib/server/actors/actors.repository';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { canDeleteActor, canEditActor, canMergeActors, canSeeContacts } from '$lib/server/actors/policies';
import { addCooperation } from '$lib/server/actors/add-cooperation';
import { removeCooperation } from '$lib/server/actors/remove-cooperation';
import { NotFoundError } from '$lib/server/core/errors';
import { noticeFrom } from '$lib/domain/filter-params';

const notices = ['created', 'updated', 'cooperationAdded', 'cooperationRemoved', 'contactCreated', 'contactErased', 'activityDeleted', 'merged'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const k = ctx.db.kysely;
	const actor = await findActorProfile(k, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	const [fields, activities, cooperations, all, measures, districts] = await Promise.all([
		listActionFields(k, ctx.municipalityId),
		listActivities(k, ctx.municipalityId, { actorId: actor.id }),
		listCooperations(k, ctx.municipalityId, actor.id),
		listActors(k, ctx.municipalityId),
		measuresOfActor(k, ctx.municipalityId, actor.id),
		listDistrictOptions(k, ctx.municipalityId)
	]);
	const districtName = new Map(districts.map((d) => [d.id, d.name]));
	const seeContacts = canSeeContacts(ctx.principal, actor.id);
	const names = new Map(all.map((a) => [a.id, a.name]));
	const fieldName = new Map(fields.map((f) => [f.id, f.name]));
	const partnerIds = new Set(cooperations.map((c) => (c.actorAId === actor.id ? c.actorBId : c.actorAId)));
	return {
		actor,
		fields: actor.actionFieldIds.map((id) => fieldName.get(id) ?? ''),
		districts: actor.districtIds.map((id) => ({ id, name: districtName.get(id) ?? '' })),
		activities,
		cooperations: cooperations.map((c) => {
			const other = c.actorAId === actor.id ? c.actorBId : c.actorAId;
			return { id: c.id, otherId: other, otherName: names.get(other) ?? '', description: c.description };
		}),
		cooperationChoices: all.filter((a) => a.id !== actor.id && !partnerIds.has(a.id)).map((a) => ({ id: a.id, name: a.name })),
		measures,
		contacts: seeContacts ? await listContacts(k, ctx.municipalityId, actor.id) : null,
		canEdit: canEditActor(ctx.principal, actor.id),
		canDelete: canDeleteActor(ctx.principal),
		canMerge: canMergeActors(ctx.principal),
		notice: noticeFrom(url.searchParams, notices)
	};
};

async function existing(ctx: ReturnType<typeof tenantContext>, actorId: string) {
	if (!(await findActor(ctx.db.kysely, ctx.municipalityId, actorId))) throw new NotFoundError('actor');
}

export const actions: Actions = {
	addCooperation: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await existing(ctx, params.actorId);
			await addCooperation({ ctx, actorId: params.actorId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'cooperation' });
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=cooperationAdded#cooperations-h`);
	},
	removeCooperation: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await existing(ctx, params.actorId);
			await removeCooperation({ ctx, actorId: params.actorId, cooperationId: String(values.cooperationId ?? '') });
		} catch (e) {
			return failFromError(e, { ...values, section: 'cooperation' });
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=cooperationRemoved#cooperations-h`);
	}
};
