import type { Db } from '$lib/server/db/connection';
import type { Principal } from '$lib/server/core/actor';
import type { User } from '$lib/server/accounts/accounts.repository';
import type { Municipality } from '$lib/server/municipalities/municipalities.repository';
import type { Locale } from '$lib/i18n/locales';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			locale: Locale;
			db: Db;
			user: User | null;
			/** Set on /m/<slug>/… when the user holds a role there, and on /api/v1 with a valid token. */
			municipality: Municipality | null;
			principal: Principal | null;
			csrfToken: string | null;
			sessionToken: string | null;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};
