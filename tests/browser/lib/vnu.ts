/**
 * The Nu Html Checker over many documents in one Java run (the JVM start is
 * the slow part). Only errors count; warnings are informational.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const JAR = fileURLToPath(new URL('../../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));

interface VnuMessage {
	type: 'error' | 'info' | 'non-document-error';
	subType?: string;
	url?: string;
	lastLine?: number;
	firstColumn?: number;
	message: string;
	extract?: string;
}

/** Validates each { url, html }; returns one readable line per error. */
export async function validateHtml(documents: { url: string; html: string }[]): Promise<string[]> {
	if (documents.length === 0) return [];
	const dir = mkdtempSync(path.join(tmpdir(), 'anpacken-vnu-'));
	try {
		const files = documents.map((doc, i) => {
			const file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
			writeFileSync(file, doc.html);
			return file;
		});
		const byFile = new Map(files.map((f, i) => [f, documents[i]!.url]));
		const { stdout, stderr, code } = await run('java', ['-Xss4m', '-jar', JAR, '--format', 'json', '--stdout', ...files]);
		let messages: VnuMessage[];
		try {
			messages = (JSON.parse(stdout) as { messages: VnuMessage[] }).messages;
		} catch {
			throw new Error(`vnu gave no JSON (exit ${code}):\n${stdout.slice(0, 2000)}\n${stderr.slice(0, 2000)}`);
		}
		return messages
			.filter((m) => m.type === 'error' || m.type === 'non-document-error')
			.map((m) => {
				const file = m.url ? fileURLToPath(m.url) : '';
				const where = `${byFile.get(file) ?? file}${m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? 0}` : ''}`;
				return `${where}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`;
			});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
		child.on('error', reject);
		child.on('close', (code) => resolve({ stdout, stderr, code }));
	});
}
