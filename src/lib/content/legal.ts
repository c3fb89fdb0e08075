/**
 * Legal facts for Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit
 * and Kontakt (requirements L-01, D-12, A-03). Kept in one object so the operator
 * changes facts in one place and a test can prove nothing required is empty.
 *
 * OPERATOR: every value marked `TO CONFIRM` is a realistic placeholder from the
 * research note, not a verified fact. Check each one, then set `status` to
 * 'confirmed' — while it is 'placeholder' the pages say so visibly.
 */

export type PostalAddress = {
	street: string;
	postalCode: string;
	city: string;
};

export type Contact = {
	name: string;
	address: PostalAddress;
	email: string;
	phone?: string;
	url?: string;
};

export type LegalFacts = {
	status: 'placeholder' | 'confirmed';
	/** § 5 Abs. 1 Nr. 1 DDG: the authority that offers the site. */
	authority: { name: string; address: PostalAddress };
	/** Who represents the authority (§ 5 Abs. 1 Nr. 1 DDG, legal persons of public law). */
	representative: string;
	/** § 5 Abs. 1 Nr. 2 DDG: e-mail plus a second fast channel. */
	email: string;
	phone: string;
	/** Only when one exists; a Land authority usually has none for this offer. */
	vatId?: string;
	/** The alliance office that answers enquiries (Kontakt page). */
	office: Contact;
	/** § 18 Abs. 2 MStV: responsible for journalistic-editorial content. */
	editorialResponsible: { name: string; role: string; address: PostalAddress };
	/** Art. 37 Abs. 7 DSGVO. */
	dataProtectionOfficer: Contact;
	/** Art. 77 DSGVO complaint. */
	supervisoryAuthority: Contact;
	/** § 9d NBGG enforcement procedure. */
	conciliationBody: Omit<Contact, 'email'> & { email?: string; urlConfirmed: boolean };
	accessibility: {
		/** ISO date the statement was prepared or last reviewed (EU 2018/1523). */
		preparedOn: string;
		method: 'self-assessment' | 'third-party';
		status: 'full' | 'partial' | 'none';
		/** Where barrier reports go besides the form. */
		feedbackEmail: string;
	};
	/** How long full IP addresses stay in web-server logs (D-13). */
	logRetentionDays: number;
	/** Holder named in the footer's copyright line. */
	copyrightHolder: string;
};

const staatskanzlei: PostalAddress = { street: 'Planckstraße 2', postalCode: '30169', city: 'Hannover' };

export const legal: LegalFacts = {
	status: 'placeholder',
	authority: { name: 'Niedersächsische Staatskanzlei', address: staatskanzlei },
	// TO CONFIRM: exact wording of the representation.
	representative: 'Der Niedersächsische Ministerpräsident, vertreten durch die Chefin bzw. den Chef der Staatskanzlei',
	// TO CONFIRM
	email: 'poststelle@stk.niedersachsen.de',
	// TO CONFIRM
	phone: '+49 511 120-0',
	office: {
		name: 'Geschäftsstelle des Bündnisses „Niedersachsen packt an“',
		address: staatskanzlei,
		// TO CONFIRM: functional mailbox of the alliance office.
		email: 'niedersachsen-packt-an@stk.niedersachsen.de',
		// TO CONFIRM
		phone: '+49 511 120-0'
	},
	editorialResponsible: {
		// TO CONFIRM: a named person is required by § 18 Abs. 2 MStV; a role until the operator names one.
		name: 'Leitung der Geschäftsstelle „Niedersachsen packt an“',
		role: 'Niedersächsische Staatskanzlei',
		address: staatskanzlei
	},
	dataProtectionOfficer: {
		// TO CONFIRM
		name: 'Behördliche Datenschutzbeauftragte der Niedersächsischen Staatskanzlei',
		address: staatskanzlei,
		email: 'datenschutz@stk.niedersachsen.de'
	},
	supervisoryAuthority: {
		// TO CONFIRM (research note: background knowledge, not re-verified)
		name: 'Die Landesbeauftragte für den Datenschutz Niedersachsen',
		address: { street: 'Prinzenstraße 5', postalCode: '30159', city: 'Hannover' },
		email: 'poststelle@lfd.niedersachsen.de',
		phone: '+49 511 120-4500',
		url: 'https://www.lfd.niedersachsen.de/'
	},
	conciliationBody: {
		// TO CONFIRM: the research could not confirm who hosts the body under § 9d NBGG nor its URL
		// (requirements §11 item 1). Set urlConfirmed once checked.
		name: 'Schlichtungsstelle nach § 9d NBGG bei der Landesbeauftragten für Menschen mit Behinderungen',
		address: { street: 'Hannah-Arendt-Platz 2', postalCode: '30159', city: 'Hannover' },
		url: 'https://www.behindertenbeauftragter-niedersachsen.de/',
		urlConfirmed: false
	},
	accessibility: {
		preparedOn: '2026-11-21',
		method: 'self-assessment',
		status: 'partial',
		// TO CONFIRM
		feedbackEmail: 'barrierefreiheit@stk.niedersachsen.de'
	},
	logRetentionDays: 7,
	copyrightHolder: 'Niedersächsische Staatskanzlei'
};

/** Fields an Impressum cannot do without (§ 5 DDG, § 18 Abs. 2 MStV); the spec checks each. */
export function requiredImpressumFields(facts: LegalFacts): Record<string, string> {
	return {
		'authority.name': facts.authority.name,
		'authority.address.street': facts.authority.address.street,
		'authority.address.postalCode': facts.authority.address.postalCode,
		'authority.address.city': facts.authority.address.city,
		representative: facts.representative,
		email: facts.email,
		phone: facts.phone,
		'editorialResponsible.name': facts.editorialResponsible.name,
		'editorialResponsible.address.street': facts.editorialResponsible.address.street,
		'editorialResponsible.address.city': facts.editorialResponsible.address.city,
		'dataProtectionOfficer.name': facts.dataProtectionOfficer.name,
		'dataProtectionOfficer.email': facts.dataProtectionOfficer.email,
		'supervisoryAuthority.name': facts.supervisoryAuthority.name,
		'supervisoryAuthority.address.street': facts.supervisoryAuthority.address.street,
		'office.email': facts.office.email
	};
}

export function formatAddress(a: PostalAddress): string[] {
	return [a.street, `${a.postalCode} ${a.city}`];
}

/** tel: URI from a display number ("+49 511 120-0" → "tel:+495111200"). */
export function telHref(phone: string): string {
	return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
