import type { Db } from '../db/connection';
import { newToken } from '../core/ids';
import { log } from '../core/log';
import { createMunicipality } from '../municipalities/create-municipality';
import { insertUser } from '../accounts/create-user';
import { insertMembership } from '../accounts/grant-role';
import { demoContent } from './demo-content';

export interface SeedResult {
	municipalitySlug: string;
	adminEmail: string;
	adminPassword: string | null; // null when taken from ADMIN_PASSWORD (not echoed)
}

/**
 * Seeds the demo municipality with its first admin when the database is empty. Idempotent: does nothing
 * once any municipality exists. Each domain area adds its demo content through demo-content.ts.
 */
export async function seedDemoIfEmpty(db: Db, opts: { adminEmail: string; adminPassword?: string }): Promise<SeedResult | null> {
	const any = await db.kysely.selectFrom('municipality').select('id').limit(1).executeTakeFirst();
	if (any) return null;
	const municipality = await createMunicipality({
		db,
		input: { name: 'Berlin (Demo)', ags: '11000000', slug: 'berlin', languages: ['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl'] }
	});
	const password = opts.adminPassword ?? newToken().slice(0, 20);
	await db.kysely.transaction().execute(async (trx) => {
		const admin = await insertUser(trx, { email: opts.adminEmail, name: 'Demo-Administration', password, isSuperadmin: true });
		await insertMembership(trx, { municipalityId: municipality.id, userId: admin.id, role: 'admin' });
		await insertMembership(trx, { municipalityId: municipality.id, userId: admin.id, role: 'coordinator' });
	});
	for (const extend of demoContent) await extend(db, municipality.id);
	log('info', 'demo municipality seeded', { slug: municipality.slug });
	return { municipalitySlug: municipality.slug, adminEmail: opts.adminEmail, adminPassword: opts.adminPassword ? null : password };
}

