import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { actorKinds, actorLevels, listActors } from '$lib/server/actors/actors.repository';
import { canCreateActor, canEditActor } from '$lib/server/actors/policies';

const notices = ['deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const kind = url.searchParams.get('kind') ?? '';
	const level = url.searchParams.get('level') ?? '';
	const all = await listActors(ctx.db.kysely, ctx.municipalityId);
	const actors = all.filter((a) => (!kind || a.kind === kind) && (!level || a.level === level));
	return {
		actors: actors.map((a) => ({ ...a, canEdit: canEditActor(ctx.principal, a.id) })),
		total: all.length,
		filter: { kind: (actorKinds as readonly string[]).includes(kind) ? kind : '', level: (actorLevels as readonly string[]).includes(level) ? level : '' },
		kinds: [...actorKinds],
		levels: [...actorLevels],
		canCreate: canCreateActor(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};
