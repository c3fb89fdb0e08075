/**
 * Operations: npm run cli -- <command> [options]
 *   migrate                               apply database migrations
 *   seed:demo [--projects N]              load demo content; with --projects only N synthetic atlas entries
 *   user:create --email E --role R [--region G]
 *                                         create or update an account (R: admin, editor,
 *                                         moderator, regional, none; G for regional)
 *   mail:test --to E [--locale de|en|ar]  send a test mail through the configured transport
 * Uses DATABASE_URL, or starts the embedded PostgreSQL like npm start.
 */
import { parseArgs } from 'node:util';
import { config, ConfigError } from '../lib/server/core/config';

const say = (line: string) => console.log(line);

const HELP = `usage: npm run cli -- <command> [options]

commands:
  migrate                                   apply database migrations
  seed:demo [--projects N]                  load demo content (marked as demo); with --projects N
                                            only make sure N synthetic atlas entries exist
  user:create --email E --role R [--region G]
                                            create an account or change its role
                                            R: admin | editor | moderator | regional | none
                                            G: braunschweig | leine-weser | lueneburg | weser-ems
  mail:test --to E [--locale de|en|ar]      queue and send a test mail now`;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help') {
		say(HELP);
		return command ? 0 : 2;
	}
	const { values } = parseArgs({
		args: rest,
		options: {
			email: { type: 'string' },
			role: { type: 'string' },
			region: { type: 'string' },
			to: { type: 'string' },
			locale: { type: 'string', default: 'de' },
			projects: { type: 'string' }
		},
		strict: true
	});
	try {
		config();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			return 2;
		}
		throw err;
	}
	const known = ['migrate', 'seed:demo', 'user:create', 'mail:test'];
	if (!known.includes(command)) {
		console.error(`unknown command: ${command}\n\n${HELP}`);
		return 2;
	}
	const { prepareDatabase, migrate } = await import('../lib/server/platform/bootstrap');
	const database = await prepareDatabase(say);
	try {
		await migrate(database.url, say);
		if (command === 'migrate') return 0;
		const { connect, disconnect, db } = await import('../lib/server/core/db');
		const { loadSecret } = await import('../lib/server/platform/secrets');
		connect(database.url, 2);
		try {
			await loadSecret(db(), config().SECRET_KEY);
			return await run(command, values, database.url);
		} finally {
			await disconnect();
		}
	} finally {
		await database.stop();
	}
}

async function run(command: string, values: Record<string, string | boolean | undefined>, url: string): Promise<number> {
	const { SYSTEM } = await import('../lib/server/access/policy');
	switch (command) {
		case 'seed:demo': {
			if (values.projects !== undefined) {
				const n = Number(values.projects);
				if (!Number.isInteger(n) || n < 0 || n > 10_000_000) {
					console.error('--projects: a whole number of entries (0 to 10000000)');
					return 2;
				}
				const { seedSyntheticProjects } = await import('../lib/server/atlas/synthetic');
				const made = await seedSyntheticProjects(n, (line) => say(line));
				say(`${made} synthetic atlas entries added (demo)`);
				return 0;
			}
			const demo = await import('../lib/server/platform/demo');
			await demo.seedDemo((line) => say(line));
			say('demo content loaded');
			return 0;
		}
		case 'user:create': {
			const accounts = await import('../lib/server/accounts/service');
			const email = accounts.emailSchema.safeParse(values.email ?? '');
			if (!email.success) {
				console.error('--email: a valid email address is required');
				return 2;
			}
			const roleArg = String(values.role ?? '');
			const role = accounts.roleSchema.safeParse(roleArg === 'none' ? null : roleArg);
			if (!values.role || !role.success) {
				console.error('--role: one of admin, editor, moderator, regional, none');
				return 2;
			}
			const region = accounts.regionSchema.safeParse(values.region ?? null);
			if (!region.success || (role.data === 'regional' && !region.data)) {
				console.error('--region: one of braunschweig, leine-weser, lueneburg, weser-ems (required for regional)');
				return 2;
			}
			const user = await accounts.ensureUser(SYSTEM, { email: email.data, role: role.data, region: region.data });
			say(`account ${user.email}: role ${user.role ?? 'none'}${user.region ? ` (${user.region})` : ''}`);
			return 0;
		}
		case 'mail:test': {
			const accounts = await import('../lib/server/accounts/service');
			const to = accounts.emailSchema.safeParse(values.to ?? '');
			if (!to.success) {
				console.error('--to: a valid email address is required');
				return 2;
			}
			const locale = String(values.locale);
			const { testMail } = await import('../lib/server/accounts/mails');
			const mail = await import('../lib/server/mail/service');
			const jobs = await import('../lib/server/core/jobs');
			// Every module's job definitions, so the queue for mail.send exists.
			await import('../lib/server/jobs');
			await jobs.startJobs(url, { work: false });
			try {
				const id = await mail.queueMail({ ...testMail(locale), to: to.data, locale, template: 'mail.test' });
				say(`queued test mail ${id}; sending …`);
				const outcome = await mail.deliver(id, true);
				say(outcome === 'sent' ? `sent (${config().SMTP_URL ? 'SMTP' : 'development mailbox: /dev/mail'})` : `not sent: ${outcome}`);
				return outcome === 'sent' ? 0 : 1;
			} finally {
				await jobs.stopJobs(5000);
			}
		}
	}
	return 2;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	}
);
