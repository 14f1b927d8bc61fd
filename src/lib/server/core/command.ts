import type { Transaction } from 'kysely';
import type { Db } from '../db/connection';
import type { Database } from '../db/schema';
import type { Principal } from './actor';
import { recordAudit, type AuditRecord } from './audit';

/** What every command receives besides its own input. */
export interface CommandContext {
	db: Db;
	principal: Principal;
	requestId?: string | null;
}

/**
 * Runs one command: one transaction, one audit entry. The body returns its result and the audit record;
 * any throw rolls back everything, so nothing is half-written.
 */
export async function inTransaction<T>(
	ctx: CommandContext,
	body: (trx: Transaction<Database>) => Promise<{ result: T; audit: AuditRecord }>
): Promise<T> {
	return ctx.db.kysely.transaction().execute(async (trx) => {
		const { result, audit } = await body(trx);
		await recordAudit(trx, ctx.principal, ctx.principal.municipalityId, audit, ctx.requestId);
		return result;
	});
}

export const bool = (b: boolean): 0 | 1 => (b ? 1 : 0);
