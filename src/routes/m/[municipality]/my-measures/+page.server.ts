import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { actorIdsOf } from '$lib/server/core/policies';
import { listMeasures } from '$lib/server/plans/measures.repository';
import { listActorRefs } from '$lib/server/plans/plans.repository';

/**
 * The measures of the actor(s) this user acts for (department/partner grants), across plans, each answering
 * the handbook's three questions: what is to be done, what concerns me, what is the goal.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const actorIds = actorIdsOf(ctx.principal);
	if (actorIds.length === 0) return { myActors: [], measures: [] };
	const [measures, actors] = await Promise.all([
		listMeasures(ctx.db.kysely, ctx.municipalityId, { involvedActorIds: actorIds }),
		listActorRefs(ctx.db.kysely, ctx.municipalityId)
	]);
	const mine = new Set(actorIds);
	const today = new Date().toISOString().slice(0, 10);
	return {
		myActors: actors.filter((a) => mine.has(a.id)),
		measures: measures.map((m) => {
			const roleActors = [m.leadActorId, ...m.partners.map((p) => p.id)].filter((id): id is string => !!id && mine.has(id));
			return {
				...m,
				isLead: !!m.leadActorId && mine.has(m.leadActorId),
				myPartnerNames: m.partners.filter((p) => mine.has(p.id)).map((p) => p.name),
				otherPartnerNames: m.partners.filter((p) => !mine.has(p.id)).map((p) => p.name),
				roleActorCount: roleActors.length,
				nextMilestones: m.milestones
					.filter((x) => !x.done)
					.sort((a, b) => a.dueDate.localeCompare(b.dueDate))
					.slice(0, 3)
					.map((x) => ({ ...x, overdue: x.dueDate < today }))
			};
		})
	};
};
