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
	if (municipalityId) await bumpPublicContent(trx, municipalityId);
}
