/**
 * Configuration from environment variables, validated once at start.
 * Every variable is documented in .env.example; a bad value stops the
 * process with a message that names the variable.
 */
import { z } from 'zod';

const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default('127.0.0.1'),
	ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional(),
	ANPACKEN_DATA_DIR: z.string().min(1).default('./.anpacken'),
	ANPACKEN_BUILD_DIR: z.string().min(1).default('build'),
	EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
	ANPACKEN_ROLE: z.enum(['web', 'worker', 'all']).default('all'),
	SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
		.optional(),
	MAIL_FROM: z.string().min(3).default('Niedersachsen packt an <noreply@localhost>'),
	SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
	SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
	SIGNIN_LINK_MINUTES: z.coerce.number().int().min(5).max(60).default(15),
	/** Sign-in link requests allowed per address and per IP address in 15 minutes. */
	SIGNIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(5),
	SIGNIN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(10000).default(20),
	/** Event registrations allowed per IP address and hour (a fifth of it without the proof of work, i.e. without JavaScript). */
	EVENT_REGISTRATION_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100000).default(20),
	SEED_DEMO: bool.default(true),
	/** Per-node cache of atlas search results, invalidated by the atlas data version (benchmarks switch it off to measure cold searches). */
	ATLAS_SEARCH_CACHE: bool.default(true),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	SHUTDOWN_TIMEOUT: z.coerce.number().int().min(1).max(600).default(20),
	/** Media files (entry images); default ANPACKEN_DATA_DIR/media. Must be shared by all web nodes. */
	ANPACKEN_MEDIA_DIR: z.string().min(1).optional(),
	/** LibreTranslate-compatible machine translation; off when unset. */
	ANPACKEN_TRANSLATE_URL: z.url({ protocol: /^https?$/ }).optional(),
	ANPACKEN_TRANSLATE_API_KEY: z.string().min(1).optional(),
	ADDRESS_HEADER: z.string().optional(),
	XFF_DEPTH: z.coerce.number().int().min(1).max(10).default(1),
	// Atlas map basemap (ADR 0010): raster tiles served from our own origin; without it a vector outline.
	ANPACKEN_MAP_TILES_URL: z
		.string()
		.regex(/^\/(?!\/)\S*$/, 'must be a path on our own origin, starting with a single /')
		.refine((v) => ['{z}', '{x}', '{y}'].every((p) => v.includes(p)), 'must contain {z}, {x} and {y}')
		.optional(),
	ANPACKEN_MAP_TILES_ATTRIBUTION: z.string().max(300).optional(),
	// Newsletter sending (ADR 0019): messages per second per worker process, deliveries claimed per batch, SMTP connections of the pool.
	NEWSLETTER_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10000).default(20),
	NEWSLETTER_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
	NEWSLETTER_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(3)
});

export type Config = z.infer<typeof schema> & {
	origin: string;
	secureCookies: boolean;
	production: boolean;
};

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parse an environment (default: process.env). Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
	const cleaned: Record<string, string> = {};
	for (const key of Object.keys(schema.shape)) {
		const value = env[key];
		if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
	}
	const result = schema.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map((issue) => {
				const name = String(issue.path[0] ?? '?');
				const shown = name === 'SECRET_KEY' || name === 'SMTP_URL' || name === 'DATABASE_URL' || name === 'ANPACKEN_TRANSLATE_API_KEY'
					? '(value hidden)'
					: JSON.stringify(cleaned[name] ?? '');
				return `${name} ${shown}: ${issue.message}`;
			})
		);
	}
	const c = result.data;
	const production = c.NODE_ENV === 'production';
	const problems: string[] = [];
	if (production && !c.SECRET_KEY) problems.push('SECRET_KEY: required when NODE_ENV=production');
	if (production && !c.ORIGIN) problems.push('ORIGIN: required when NODE_ENV=production');
	if (production && !c.SMTP_URL) problems.push('SMTP_URL: required when NODE_ENV=production');
	if (production && c.ORIGIN && !c.ORIGIN.startsWith('https://'))
		problems.push('ORIGIN: must be https:// when NODE_ENV=production');
	if (problems.length) throw new ConfigError(problems);
	const origin = (c.ORIGIN ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
	return { ...c, origin, secureCookies: origin.startsWith('https://'), production };
}

let current: Config | undefined;

export function config(): Config {
	current ??= parseConfig();
	return current;
}

/** For tests and the launcher: replace the active configuration. */
export function setConfig(next: Config): void {
	current = next;
}
