import { z } from 'zod';

/** Configuration from the environment, validated once at start-up. */
const schema = z.object({
	DATABASE_URL: z.string().min(1).default('sqlite:./data/quartier.sqlite'),
	ORIGIN: z.url().optional(),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('Quartier <no-reply@localhost>'),
	SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
	LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
	LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
	SEED_DEMO: z.enum(['true', 'false']).default('true'),
	ADMIN_EMAIL: z.email().default('admin@quartier.example'),
	ADMIN_PASSWORD: z.string().min(12).optional(),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
	/** Memory budget of the public portal's page cache per process, in MB (0 switches the cache off). */
	PORTAL_CACHE_MB: z.coerce.number().min(0).max(4096).default(64)
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;
export function config(): Config {
	if (!cached) {
		const parsed = schema.safeParse(process.env);
		if (!parsed.success) {
			const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
			throw new Error(`Invalid configuration: ${detail}`);
		}
		cached = parsed.data;
	}
	return cached;
}
