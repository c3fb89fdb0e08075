import { describe, expect, it } from 'vitest';
import { legal, requiredImpressumFields, telHref, type LegalFacts } from './legal';

describe('legal facts (L-01)', () => {
	it('has every required Impressum field filled', () => {
		const empty = Object.entries(requiredImpressumFields(legal))
			.filter(([, value]) => value.trim() === '')
			.map(([key]) => key);
		expect(empty).toEqual([]);
	});

	it('names the fields that are empty', () => {
		const broken: LegalFacts = { ...legal, representative: ' ', authority: { ...legal.authority, name: '' } };
		const empty = Object.entries(requiredImpressumFields(broken))
			.filter(([, value]) => value.trim() === '')
			.map(([key]) => key);
		expect(empty).toEqual(['authority.name', 'representative']);
	});

	it('uses plausible contact formats', () => {
		for (const email of [legal.email, legal.office.email, legal.dataProtectionOfficer.email, legal.accessibility.feedbackEmail]) {
			expect(email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/);
		}
		expect(legal.authority.address.postalCode).toMatch(/^\d{5}$/);
		expect(telHref(legal.phone)).toMatch(/^tel:\+49\d{6,}$/);
	});

	it('has an ISO review date for the accessibility statement', () => {
		expect(legal.accessibility.preparedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(Number.isNaN(Date.parse(legal.accessibility.preparedOn))).toBe(false);
	});

	it('links outside only over https', () => {
		for (const url of [legal.supervisoryAuthority.url, legal.conciliationBody.url]) {
			if (url) expect(url).toMatch(/^https:\/\//);
		}
	});
});
