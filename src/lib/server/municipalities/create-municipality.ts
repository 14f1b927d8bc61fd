import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connection';
import type { Database } from '../db/schema';
import { recordAudit } from '../core/audit';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { parseInput, requiredText } from '../core/validate';
import { handbookActionFields } from '../../domain/action-fields';
import { locales } from '../../i18n/locales';
import type { Municipality } from './municipalities.repository';
import { seedIndicators } from '../indicators/seed-indicators';

export const createMunicipalityInput = z.object({
	name: requiredText(200),
	ags: z.string().trim().regex(/^\d{8}$/, 'error.ags'),
	slug: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'error.slug').max(60),
	languages: z.array(z.enum(locales)).min(1).default(['de', 'en'])
});

/** Inserts a tenant with the handbook's twelve fields of action inside the caller's transaction. */
export async function insertMunicipality(trx: Transaction<Database>, input: z.output<typeof createMunicipalityInput>): Promise<Municipality> {
	const clash = await trx
		.selectFrom('municipality')
		.select(['ags', 'slug'])
		.where((eb) => eb.or([eb('ags', '=', input.ags), eb('slug', '=', input.slug)]))
		.executeTakeFirst();
	if (clash) throw new ConflictError(clash.ags === input.ags ? 'error.duplicateAgs' : 'error.duplicateSlug', clash.ags === input.ags ? 'ags' : 'slug');
	const id = newId();
	const now = nowIso();
	await trx
		.insertInto('municipality')
		.values({ id, name: input.name, ags: input.ags, slug: input.slug, languages: JSON.stringify(input.languages), created_at: now })
		.execute();
	await trx
		.insertInto('action_field')
		.values(
			handbookActionFields.map((f, i) => ({
				id: newId(),
				municipality_id: id,
				key: f.key,
				name: f.name,
				description: '',
				sort_order: (i + 1) * 10,
				active: 1 as const,
				created_at: now,
				updated_at: now
			}))
		)
		.execute();
	await seedIndicators(trx, id);
	return { id, name: input.name, ags: input.ags, slug: input.slug, languages: input.languages };
}

/**
 * Creates a tenant with the handbook's twelve fields of action. Only superadmins (or set-up code) call this,
 * hence no principal: the caller decides.
 */
export async function createMunicipality(opts: {
	db: Db;
	input: z.input<typeof createMunicipalityInput>;
	actorUserId?: string | null;
}): Promise<Municipality> {
	const input = parseInput(createMunicipalityInput, opts.input);
	return opts.db.kysely.transaction().execute(async (trx) => {
		const municipality = await insertMunicipality(trx, input);
		await recordAudit(
			trx,
			opts.actorUserId ? { userId: opts.actorUserId, municipalityId: municipality.id, grants: [], isSuperadmin: true, via: 'session' } : null,
			municipality.id,
			{ action: 'create', entity: 'municipality', entityId: municipality.id, after: municipality }
		);
		return municipality;
	});
}
