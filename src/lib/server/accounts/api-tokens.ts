import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashToken, nowIso } from '../core/ids';
import { listGrants } from './accounts.repository';
import type { Principal } from '../core/actor';

/** Resolves an API bearer token to the principal of its user in the token's municipality. */
export async function resolveApiToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
	const row = await db
		.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.select(['api_token.id', 'api_token.municipality_id', 'api_token.user_id', 'app_user.disabled', 'app_user.is_superadmin'])
		.where('api_token.token_hash', '=', hashToken(token))
		.where('api_token.revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row || row.disabled === 1) return null;
	const grants = await listGrants(db, row.municipality_id, row.user_id);
	if (grants.length === 0) return null;
	await db.updateTable('api_token').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
	return { userId: row.user_id, municipalityId: row.municipality_id, grants, isSuperadmin: row.is_superadmin === 1, via: 'api-token' };
}
