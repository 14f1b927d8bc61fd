import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Principal } from './actor';
import { newId, nowIso } from './ids';
import { bumpPublicContent } from '../portal/public-content';

export interface AuditRecord {
	action: 'create' | 'update' | 'delete' | string;
	entity: string;
	entityId: string | null;
	before?: unknown;
	after?: unknown;
}

/**
 * Records that never show on a public page and can come in bursts from residents or logins. They leave the
 * portal's page cache alone, so a survey campaign neither empties the cache nor queues every answer on the
 * municipality's one version row (PostgreSQL holds its row lock until commit). Everything else bumps it.
 */
export const nonPublicEntities: ReadonlySet<string> = new Set(['survey_response', 'portal_feedback', 'session', 'api_token', 'invitation', 'actor_contact']);

/** Writes the audit entry inside the command's transaction, so a change and its record land together. */
export async function recordAudit(
	trx: Transaction<Database>,
	principal: Principal | null,
	municipalityId: string | null,
	rec: AuditRecord,
	requestId?: string | null
): Promise<void> {
	await trx
		.insertInto('audit_entry')
		.values({
			id: newId(),
			municipality_id: municipalityId,
			user_id: principal && principal.via !== 'system' ? principal.userId : null,
			action: rec.action,
			entity: rec.entity,
			entity_id: rec.entityId,
			changes: JSON.stringify({ before: rec.before ?? null, after: rec.after ?? null }),
			request_id: requestId ?? null,
			created_at: nowIso()
		})
		.execute();
	// Any change of a municipality may show on its public pages: the portal's page cache follows this counter.
	if (municipalityId && !nonPublicEntities.has(rec.entity)) await bumpPublicContent(trx, municipalityId);
}
