import { legal } from '../../content/legal';

/**
 * The security.txt body. Expires is always one year ahead, so a deployment
 * never publishes an expired file; the contact is the authority's mailbox
 * from the (operator-confirmed) legal facts.
 */
export function securityTxt(origin: string, now: Date): string {
	const expires = new Date(now.getTime() + 365 * 24 * 3600_000);
	expires.setUTCHours(0, 0, 0, 0);
	return [
		`Contact: mailto:${legal.email}`,
		`Expires: ${expires.toISOString()}`,
		'Preferred-Languages: de, en',
		`Canonical: ${origin}/.well-known/security.txt`,
		''
	].join('\n');
}
