import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { parseInput, requiredText } from '../core/validate';
import { hashPassword } from './password';
import { normaliseEmail } from './accounts.repository';

export const passwordSchema = z.string().min(12, 'error.passwordShort').max(200, 'error.tooLong');

export const createUserInput = z.object({
	email: z.email().max(254),
	name: requiredText(200),
	password: passwordSchema.optional(),
	isSuperadmin: z.boolean().default(false)
});

/** Inserts a user inside the caller's transaction (invitation acceptance, seeding, admin). */
export async function insertUser(
	trx: Kysely<Database> | Transaction<Database>,
	raw: z.input<typeof createUserInput>
): Promise<{ id: string; email: string }> {
	const input = parseInput(createUserInput, raw);
	const email = normaliseEmail(input.email);
	const exists = await trx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
	if (exists) throw new ConflictError('error.duplicateEmail', 'email');
	const id = newId();
	await trx
		.insertInto('app_user')
		.values({
			id,
			email,
			name: input.name,
			password_hash: input.password ? await hashPassword(input.password) : null,
			is_superadmin: input.isSuperadmin ? 1 : 0,
			disabled: 0,
			created_at: nowIso()
		})
		.execute();
	return { id, email };
}
