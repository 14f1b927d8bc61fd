import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { actorKinds, listActorProfiles, listCooperations } from '$lib/server/actors/actors.repository';
import { canReviewRetention } from '$lib/server/actors/policies';
import { networkSvg } from '$lib/server/actors/network-svg';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [actors, cooperations] = await Promise.all([listActorProfiles(ctx.db.kysely, ctx.municipalityId), listCooperations(ctx.db.kysely, ctx.municipalityId)]);
	const t = translator(locals.locale);
	const kind = (actorKinds as readonly string[]).includes(url.searchParams.get('kind') ?? '') ? (url.searchParams.get('kind') as string) : '';
	const connectedOnly = url.searchParams.get('all') !== 'on';
	const linked = new Set(cooperations.flatMap((c) => [c.actorAId, c.actorBId]));
	// A kind filter keeps that kind's actors and everyone they cooperate with.
	const ofKind = new Set(actors.filter((a) => !kind || a.kind === kind).map((a) => a.id));
	const links = cooperations.filter((c) => !kind || ofKind.has(c.actorAId) || ofKind.has(c.actorBId));
	const inLinks = new Set(links.flatMap((c) => [c.actorAId, c.actorBId]));
	const nodes = actors.filter((a) => inLinks.has(a.id) || (!connectedOnly && ofKind.has(a.id)));
	const names = new Map(actors.map((a) => [a.id, a.name]));
	const svg =
		nodes.length > 0
			? networkSvg({
					nodes: nodes.map((a) => ({ id: a.id, name: a.name, kind: a.kind, keyPerson: a.keyPerson })),
					links: links.map((c) => ({ a: c.actorAId, b: c.actorBId, description: c.description })),
					title: t('actor.network.svgTitle', { actors: nodes.length, links: links.length }),
					kindLabel: (k) => t(`actor.kind.${k}`),
					keyPersonLabel: t('actor.field.keyPerson')
				})
			: null;
	return {
		svg,
		links: links
			.map((c) => ({ id: c.id, a: { id: c.actorAId, name: names.get(c.actorAId) ?? '' }, b: { id: c.actorBId, name: names.get(c.actorBId) ?? '' }, description: c.description }))
			.sort((p, q) => p.a.name.localeCompare(q.a.name, 'de') || p.b.name.localeCompare(q.b.name, 'de')),
		isolated: actors.filter((a) => !linked.has(a.id) && ofKind.has(a.id)).map((a) => ({ id: a.id, name: a.name })),
		kinds: [...actorKinds],
		filter: { kind, all: !connectedOnly },
		showRetention: canReviewRetention(ctx.principal)
	};
};
