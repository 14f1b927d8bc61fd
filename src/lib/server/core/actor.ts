import type { Role } from './roles';

/** A role held in the current municipality, optionally narrowed to districts and acting for an actor. */
export interface RoleGrant {
	role: Role;
	actorId: string | null;
	districtIds: string[] | null; // null = the whole municipality
}

/** Who performs a command: the user and the municipality they act in. */
export interface Principal {
	userId: string;
	municipalityId: string;
	grants: RoleGrant[];
	isSuperadmin: boolean;
	via: 'session' | 'api-token' | 'system';
}

export const systemPrincipal = (municipalityId: string): Principal => ({
	userId: 'system',
	municipalityId,
	grants: [{ role: 'admin', actorId: null, districtIds: null }],
	isSuperadmin: false,
	via: 'system'
});
