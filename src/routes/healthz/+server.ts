import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';

/** Liveness and database check for load balancers and the test harness. */
export const GET: RequestHandler = async ({ locals }) => {
	await sql`select 1`.execute(locals.db.kysely);
	return json({ status: 'ok', database: locals.db.dialect });
};
