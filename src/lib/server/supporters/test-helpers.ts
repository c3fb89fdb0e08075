/** Fixtures for the supporters specs (not imported by the application). */
import type { InstitutionKind } from '../../supporters/vocabulary';
import type { Region } from '../accounts/schema';
import { confirmConsents, requestConsents } from '../consent/service';
import { transaction } from '../core/db';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { supporters } from './schema';
import { SIGN_FORM, type SupporterRow } from './signup';

export function signForm(fields: Record<string, string | Blob>, renderedAt = new Date(Date.now() - 10_000)): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(SIGN_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

export interface Fixture {
	name: string;
	email?: string;
	kind?: 'person' | 'institution';
	institutionKind?: InstitutionKind;
	place?: string;
	region?: Region | null;
	public?: boolean;
	status?: 'pending' | 'confirmed';
	confirmedAt?: Date;
	website?: string;
}

/** A supporter as the double opt-in leaves it: the row plus its consents through the consent service. */
export async function addSupporter(f: Fixture): Promise<SupporterRow> {
	const at = f.confirmedAt ?? new Date();
	const email = f.email ?? `${f.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`;
	const status = f.status ?? 'confirmed';
	return transaction(async (tx) => {
		const [s] = await tx
			.insert(supporters)
			.values({
				kind: f.kind ?? 'person',
				status,
				email,
				name: f.name,
				placeName: f.place ?? 'Hannover',
				region: f.region === undefined ? 'leine-weser' : f.region,
				institutionKind: f.kind === 'institution' ? (f.institutionKind ?? 'association') : null,
				website: f.website ?? null,
				publicDisplay: status === 'confirmed' && (f.public ?? true),
				createdAt: at,
				confirmedAt: status === 'confirmed' ? at : null
			})
			.returning();
		await requestConsents(tx, { subjectId: s!.id, email, locale: 'de', source: '/de/unterstuetzen', purposes: f.public === false ? ['appeal.sign'] : ['appeal.sign', 'appeal.public'], at });
		if (status === 'confirmed') await confirmConsents(tx, s!.id, at);
		return s!;
	});
}
