import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findNeed, findNeedRow, mergeTargets, needHistory, planLinkChoices } from '$lib/server/needs/needs.repository';
import { canDecideNeeds, canEditRecord, canSeePersonNames } from '$lib/server/needs/policies';
import { takeUpNeed } from '$lib/server/needs/take-up-need';
import { mergeNeed } from '$lib/server/needs/merge-need';
import { declineNeed } from '$lib/server/needs/decline-need';
import { reopenNeed } from '$lib/server/needs/reopen-need';
import { acceptNeed } from '$lib/server/needs/accept-need';
import { rejectNeed } from '$lib/server/needs/reject-need';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { rejectReasons } from '$lib/domain/needs';

const notices = ['created', 'replayed', 'updated', 'stateChanged', 'accepted', 'rejected'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const need = await findNeed(ctx.db.kysely, ctx.municipalityId, params.needId);
	if (!need) error(404, 'Not Found');
	const canDecide = canDecideNeeds(ctx.principal, need.districtId);
	const pending = need.reviewState === 'pending';
	const decidable = canDecide && need.state !== 'merged' && need.reviewState !== 'rejected';
	const [history, links, targets, fields] = await Promise.all([
		needHistory(ctx.db.kysely, ctx.municipalityId, need.id),
		decidable && !pending ? planLinkChoices(ctx.db.kysely, ctx.municipalityId, need.districtId) : null,
		decidable ? mergeTargets(ctx.db.kysely, ctx.municipalityId, need.districtId, need.id) : [],
		canDecide && pending ? listActionFields(ctx.db.kysely, ctx.municipalityId) : []
	]);
	const hidePerson = need.raisedBy === 'person' && !canSeePersonNames(ctx.principal, need.districtId);
	return {
		need: hidePerson ? { ...need, raisedByText: '' } : need,
		hidePerson,
		history,
		links,
		targets,
		canDecide,
		canEdit: canEditRecord(ctx.principal, need) && need.reviewState === 'accepted',
		// Accepting a submission: active fields, and the resident's own choice even if switched off meanwhile.
		acceptFields: fields.filter((f) => f.active || (need.fieldGiven && f.id === need.actionFieldId)).map((f) => ({ id: f.id, name: f.name })),
		rejectReasons: [...rejectReasons],
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

/** Every action first finds the need in this municipality: another municipality's id is a 404 before any validation. */
async function change(event: RequestEvent, section: string, command: typeof takeUpNeed, notice = 'stateChanged') {
	const ctx = tenantContext(event.locals, event.url);
	if (!(await findNeedRow(ctx.db.kysely, ctx.municipalityId, event.params.needId))) error(404, 'Not Found');
	const values = { ...formValues(await event.request.formData(), ['goalIds', 'measureIds']), section };
	try {
		await command({ ctx, needId: event.params.needId, input: values });
	} catch (e) {
		return failFromError(e, values);
	}
	redirect(303, `/m/${event.params.municipality}/needs/${event.params.needId}?notice=${notice}`);
}

export const actions: Actions = {
	takeUp: (event) => change(event, 'takeUp', takeUpNeed),
	merge: (event) => change(event, 'merge', mergeNeed),
	decline: (event) => change(event, 'decline', declineNeed),
	reopen: (event) => change(event, 'reopen', reopenNeed),
	accept: (event) => change(event, 'accept', acceptNeed, 'accepted'),
	reject: (event) => change(event, 'reject', rejectNeed, 'rejected')
};
