import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import type { PortalSettings } from '../../domain/portal';
import { getPortalSettings } from './portal.repository';
import { portalSettingsInput } from './portal-input';
import { canEditPortalSettings } from './policies';

/** Saves the portal settings and the accessibility statement of the principal's municipality (insert or update). */
export async function updatePortalSettings(opts: { ctx: CommandContext; input: unknown }): Promise<PortalSettings> {
	const { ctx } = opts;
	assert(canEditPortalSettings(ctx.principal));
	const input = parseInput(portalSettingsInput, opts.input);
	const m = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const before = await getPortalSettings(trx, m);
		const values = {
			enabled: bool(input.enabled),
			languages: JSON.stringify(input.languages),
			licence: input.licence,
			attribution: input.attribution,
			imprint_url: input.imprintUrl,
			privacy_url: input.privacyUrl,
			feedback_email: input.feedbackEmail,
			feedback_phone: input.feedbackPhone,
			a11y_status: input.a11yStatus,
			a11y_non_accessible: input.a11yNonAccessible,
			a11y_prepared_on: input.a11yPreparedOn,
			a11y_reviewed_on: input.a11yReviewedOn,
			a11y_method: input.a11yMethod,
			a11y_enforcement_body: input.a11yEnforcementBody,
			a11y_enforcement_url: input.a11yEnforcementUrl,
			updated_at: nowIso()
		};
		await trx
			.insertInto('portal_settings')
			.values({ municipality_id: m, ...values })
			.onConflict((oc) => oc.column('municipality_id').doUpdateSet(values))
			.execute();
		const after = await getPortalSettings(trx, m);
		return { result: after, audit: { action: 'update', entity: 'portal_settings', entityId: m, before, after } };
	});
}
