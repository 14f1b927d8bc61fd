import type { Db } from '../db/connection';
import { inTransaction } from '../core/command';
import { systemPrincipal } from '../core/actor';
import { NotFoundError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { recordAndCheck } from '../accounts/rate-limit';
import { isUniqueViolation } from '../districts/db-errors';
import { provisionalTitle } from '../../domain/needs';
import { parsePublicNeedInput, publicNeedInput } from './need-input';
import { findNeedBySubmissionKey } from './needs.repository';
import { checkNeedFormTime, honeypotFilled, PUBLIC_NEED_LIMITS, STARTED } from './public-form';

export { publicNeedInput };

export interface PublicNeedReceipt {
	/** 'stored': a new need awaits review; 'replayed': the same form was sent again; 'discarded': the honeypot was filled. */
	status: 'stored' | 'replayed' | 'discarded';
	id: string | null;
}

/**
 * A resident raises a need of a district through the public online form, without login. The need is stored
 * with channel 'online-form' and review state 'pending': it stays off the public pages until staff accept it,
 * merge it into another need or reject it. Anonymous unless the resident gives an e-mail address AND ticks the
 * consent box; then the address is kept as "raised by a person" with recorded consent, seen only by those who
 * decide on the district's needs, and deleted once the need is decided on (see state-change.ts).
 *
 * Hostile input: an unknown district (or one of another municipality) is a NotFoundError; a filled honeypot is
 * answered like a success and stores nothing; a form sent sooner than the minimum fill time or with a missing,
 * forged or day-old start token, invalid fields and too long texts are ValidationErrors; more than the allowed
 * submissions per address or municipality within the window is a RateLimitError. The one-time form key makes a
 * second submission of the same form return the first need. One transaction, one audit entry, which holds no
 * text of the resident (a rejected submission's text is deleted, and the audit trail must not keep it).
 */
export async function submitPublicNeed(opts: {
	db: Db;
	municipalityId: string;
	districtId: string;
	input: Record<string, unknown>;
	clientAddress: string;
	requestId?: string | null;
	now?: Date;
}): Promise<PublicNeedReceipt> {
	const { db, municipalityId, districtId } = opts;
	const now = opts.now ?? new Date();
	const district = await db.kysely.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', '=', districtId).executeTakeFirst();
	if (!district) throw new NotFoundError('district');
	// A bot that filled the invisible field is told "thank you" and nothing is stored.
	if (honeypotFilled(opts.input)) return { status: 'discarded', id: null };
	const fill = await checkNeedFormTime(db.kysely, municipalityId, opts.input[STARTED], now.getTime());
	if (fill !== 'ok') throw new ValidationError({ _form: [fill === 'too-fast' ? 'error.needForm.tooFast' : 'error.needForm.expired'] });
	const input = parsePublicNeedInput(opts.input);
	const submissionKey = `online-form:${input.formKey}`;
	const prior = await findNeedBySubmissionKey(db.kysely, municipalityId, submissionKey);
	if (prior) return { status: 'replayed', id: prior.id };
	await recordAndCheck(db.kysely, [`need-form:address:${opts.clientAddress.slice(0, 100)}`], PUBLIC_NEED_LIMITS.perAddress, now);
	await recordAndCheck(db.kysely, [`need-form:municipality:${municipalityId}`], PUBLIC_NEED_LIMITS.perMunicipality, now);

	const ctx = { db, principal: systemPrincipal(municipalityId), requestId: opts.requestId };
	try {
		return await inTransaction(ctx, async (trx) => {
			// The chosen field must be an active one of this municipality; without a choice the need carries the
			// first active field provisionally (field_given = 0) until staff pick the field when accepting it.
			let fieldId: string;
			if (input.actionFieldId) {
				const f = await trx.selectFrom('action_field').select(['id', 'active']).where('municipality_id', '=', municipalityId).where('id', '=', input.actionFieldId).executeTakeFirst();
				if (!f || f.active !== 1) throw new ValidationError({ actionFieldId: ['error.unknownReference'] });
				fieldId = f.id;
			} else {
				const f = await trx
					.selectFrom('action_field')
					.select('id')
					.where('municipality_id', '=', municipalityId)
					.where('active', '=', 1)
					.orderBy('sort_order')
					.orderBy('name')
					.executeTakeFirst();
				if (!f) throw new ValidationError({ _form: ['error.needForm.unavailable'] });
				fieldId = f.id;
			}
			const id = newId();
			const at = now.toISOString();
			const withContact = Boolean(input.email && input.contactConsent);
			await trx
				.insertInto('need')
				.values({
					id,
					municipality_id: municipalityId,
					district_id: districtId,
					action_field_id: fieldId,
					title: provisionalTitle(input.text),
					statement: input.text,
					channel: 'online-form',
					engagement_id: null,
					target_groups: JSON.stringify(input.targetGroup ? [input.targetGroup] : []),
					language: input.language,
					place_label: input.placeLabel,
					place_lat: null,
					place_lon: null,
					raised_by: withContact ? 'person' : 'anonymous',
					raised_by_text: withContact ? input.email! : '',
					consent_recorded: withContact ? 1 : 0,
					internal_note: '',
					state: 'open',
					public_reason: '',
					merged_into_id: null,
					state_changed_at: at,
					submission_key: submissionKey,
					created_by: null,
					created_at: at,
					updated_at: at,
					review_state: 'pending',
					review_reason: '',
					reviewed_at: null,
					field_given: input.actionFieldId ? 1 : 0
				})
				.execute();
			return {
				result: { status: 'stored' as const, id },
				audit: {
					action: 'submit',
					entity: 'need',
					entityId: id,
					after: {
						districtId,
						actionFieldId: fieldId,
						fieldGiven: Boolean(input.actionFieldId),
						channel: 'online-form',
						language: input.language,
						targetGroups: input.targetGroup ? [input.targetGroup] : [],
						contactConsent: withContact,
						state: 'open',
						reviewState: 'pending'
					}
				}
			};
		});
	} catch (e) {
		// The same form sent twice at the same moment: the second lost the race and answers with the first.
		if (isUniqueViolation(e)) {
			const first = await findNeedBySubmissionKey(db.kysely, municipalityId, submissionKey);
			if (first) return { status: 'replayed', id: first.id };
		}
		throw e;
	}
}

