/**
 * The operations CLI, run as operators run it (a separate process via tsx),
 * against a test database and a real SMTP receiver.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../tests/helpers/db';
import { startTestSmtp } from '../../tests/helpers/smtp';
import { users } from '../lib/server/accounts/schema';

const root = path.resolve(import.meta.dirname, '../..');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		execFile(
			path.join(root, 'node_modules/.bin/tsx'),
			['src/cli/index.ts', ...args],
			{ cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'development', ...env }, timeout: 60_000 },
			(err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr })
		);
	});
}

describe('npm run cli', () => {
	const t = useTestDatabase();

	it('creates a regional moderator and refuses bad input with a clear message', async () => {
		const env = { DATABASE_URL: t().url };
		const ok = await cli(['user:create', '--email', 'Mod@Example.org', '--role', 'regional', '--region', 'lueneburg'], env);
		expect(ok.out).toContain('account mod@example.org: role regional (lueneburg)');
		expect(ok.code).toBe(0);
		const [row] = await t().db.select().from(users).where(eq(users.email, 'mod@example.org'));
		expect(row).toMatchObject({ role: 'regional', region: 'lueneburg' });

		const noRegion = await cli(['user:create', '--email', 'x@example.org', '--role', 'regional'], env);
		expect(noRegion.code).toBe(2);
		expect(noRegion.out).toContain('--region');
		const badMail = await cli(['user:create', '--email', 'nope', '--role', 'admin'], env);
		expect(badMail.code).toBe(2);
		expect(badMail.out).toContain('--email');
		const unknown = await cli(['frobnicate'], env);
		expect(unknown.code).toBe(2);
		expect(unknown.out).toContain('unknown command');
	}, 120_000);

	it('sends a test mail in the chosen language through SMTP', async () => {
		const smtp = await startTestSmtp();
		try {
			const res = await cli(['mail:test', '--to', 'ops@example.org', '--locale', 'ar'], { DATABASE_URL: t().url, SMTP_URL: smtp.url });
			expect(res.out, res.out).toContain('sent (SMTP)');
			expect(res.code).toBe(0);
			const [mail] = await smtp.waitFor(1);
			expect(mail!.to).toEqual(['ops@example.org']);
			expect(mail!.parsed.headers.get('content-language')).toBe('ar');
			expect(mail!.parsed.text).toMatch(/[\u0600-\u06FF]/);
		} finally {
			await smtp.close();
		}
	}, 120_000);

	it('names the bad variable when the configuration is invalid', async () => {
		const res = await cli(['migrate'], { DATABASE_URL: t().url, PORT: 'eighty' });
		expect(res.code).toBe(2);
		expect(res.out).toMatch(/PORT "eighty"/);
	}, 60_000);
});
