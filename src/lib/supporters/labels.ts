/** Display names for supporter codes and error keys (messages/supporters). Client-safe. */
import { m } from '$lib/paraglide/messages';
import type { InstitutionKind } from './vocabulary';

const KINDS: Record<InstitutionKind, () => string> = {
	association: () => m.sup_ik_association(),
	church: () => m.sup_ik_church(),
	mosque: () => m.sup_ik_mosque(),
	company: () => m.sup_ik_company(),
	chamber: () => m.sup_ik_chamber(),
	union: () => m.sup_ik_union(),
	municipality: () => m.sup_ik_municipality(),
	public_body: () => m.sup_ik_public_body(),
	school: () => m.sup_ik_school(),
	university: () => m.sup_ik_university(),
	foundation: () => m.sup_ik_foundation(),
	welfare: () => m.sup_ik_welfare(),
	initiative: () => m.sup_ik_initiative(),
	other: () => m.sup_ik_other()
};

export function institutionKindLabel(kind: string | null | undefined): string {
	return kind && kind in KINDS ? KINDS[kind as InstitutionKind]() : '';
}

const REGIONS: Record<string, () => string> = {
	braunschweig: () => m.admin_region_braunschweig(),
	'leine-weser': () => m.admin_region_leine_weser(),
	lueneburg: () => m.admin_region_lueneburg(),
	'weser-ems': () => m.admin_region_weser_ems()
};

export function regionLabel(region: string | null | undefined): string {
	return region && REGIONS[region] ? REGIONS[region]() : '';
}

const PURPOSES: Record<string, () => string> = {
	'appeal.sign': () => m.sup_purpose_sign(),
	'appeal.public': () => m.sup_purpose_public(),
	newsletter: () => m.sup_purpose_newsletter()
};

export function purposeLabel(purpose: string): string {
	return PURPOSES[purpose]?.() ?? purpose;
}

const CONSENT_STATUS: Record<string, () => string> = {
	pending: () => m.sup_cstatus_pending(),
	confirmed: () => m.sup_cstatus_confirmed(),
	withdrawn: () => m.sup_cstatus_withdrawn(),
	expired: () => m.sup_cstatus_expired()
};

export function consentStatusLabel(status: string): string {
	return CONSENT_STATUS[status]?.() ?? status;
}

export function supporterStatusLabel(status: string): string {
	return status === 'confirmed' ? m.sup_status_confirmed() : m.sup_status_pending();
}

const ERRORS: Record<string, () => string> = {
	sup_error_kind: () => m.sup_error_kind(),
	sup_error_name_required: () => m.sup_error_name_required(),
	sup_error_org_required: () => m.sup_error_org_required(),
	sup_error_org_kind: () => m.sup_error_org_kind(),
	sup_error_place_required: () => m.sup_error_place_required(),
	sup_error_contact_required: () => m.sup_error_contact_required(),
	sup_error_too_long: () => m.sup_error_too_long(),
	sup_error_website: () => m.sup_error_website(),
	sup_error_email_required: () => m.sup_error_email_required(),
	sup_error_email: () => m.sup_error_email(),
	sup_error_consent_sign: () => m.sup_error_consent_sign(),
	sup_error_logo_rights: () => m.sup_error_logo_rights(),
	sup_error_logo_empty: () => m.sup_error_logo_image(),
	sup_error_logo_not_image: () => m.sup_error_logo_image(),
	sup_error_logo_unsupported: () => m.sup_error_logo_image(),
	sup_error_logo_too_large: () => m.sup_error_logo_size(),
	sup_error_logo_too_many_pixels: () => m.sup_error_logo_size()
};

export function supporterErrorText(key: string | undefined): string | undefined {
	return key ? ERRORS[key]?.() : undefined;
}
