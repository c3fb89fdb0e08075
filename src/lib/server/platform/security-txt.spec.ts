import { describe, expect, it } from 'vitest';
import { securityTxt } from './security-txt';

describe('security.txt', () => {
	it('has the RFC 9116 required fields and never expires within a year', () => {
		const now = new Date('2026-11-21T12:00:00Z');
		const text = securityTxt('https://anpacken.example', now);
		expect(text).toMatch(/^Contact: mailto:\S+@\S+$/m);
		const expires = new Date(/^Expires: (.+)$/m.exec(text)![1]!);
		expect(expires.getTime() - now.getTime()).toBeGreaterThan(360 * 24 * 3600_000);
		expect(text).toContain('Canonical: https://anpacken.example/.well-known/security.txt');
	});
});
