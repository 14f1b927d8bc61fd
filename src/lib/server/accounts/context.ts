import type { Db } from '../db/connection';
import type { Principal } from '../core/actor';

/**
 * Who performs an account command outside a municipality: the logged-in user acting on their own account,
 * or a superadmin administering the installation.
 */
export interface UserContext {
	db: Db;
	userId: string;
	isSuperadmin: boolean;
	requestId?: string | null;
}

/** A principal for audit entries written by a user outside any municipality (login, own password…). */
export const userPrincipal = (userId: string, isSuperadmin = false): Principal => ({
	userId,
	municipalityId: '',
	grants: [],
	isSuperadmin,
	via: 'session'
});
