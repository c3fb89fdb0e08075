/**
 * Parsing of the staff forms for accounts (create, change role). Errors are
 * message keys per field; the page translates them.
 */
import { z } from 'zod';
import { emailSchema } from './service';
import { REGIONS, ROLES, type Region, type Role } from './schema';

const roleField = z.union([z.literal(''), z.enum(ROLES)]);
const regionField = z.union([z.literal(''), z.enum(REGIONS)]);

export interface RoleFormValues {
	email: string;
	role: string;
	region: string;
	disabled: boolean;
}

export type FormErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T; values: RoleFormValues } | { ok: false; values: RoleFormValues; errors: FormErrors };

function valuesOf(form: FormData): RoleFormValues {
	const text = (name: string, max: number) => String(form.get(name) ?? '').slice(0, max);
	return { email: text('email', 254), role: text('role', 20), region: text('region', 30), disabled: form.get('disabled') === 'on' };
}

function parseRole(values: RoleFormValues, errors: FormErrors): { role: Role | null; region: Region | null } {
	const role = roleField.safeParse(values.role);
	const region = regionField.safeParse(values.region);
	if (!role.success) errors.role = 'admin_error_role_invalid';
	if (!region.success) errors.region = 'admin_error_region_invalid';
	const r = role.success && role.data !== '' ? role.data : null;
	const g = region.success && region.data !== '' ? region.data : null;
	if (r === 'regional' && !g && !errors.region) errors.region = 'admin_error_region_required';
	return { role: r, region: r === 'regional' ? g : null };
}

export function parseRoleForm(form: FormData): Parsed<{ role: Role | null; region: Region | null; disabled: boolean }> {
	const values = valuesOf(form);
	const errors: FormErrors = {};
	const { role, region } = parseRole(values, errors);
	if (Object.keys(errors).length) return { ok: false, values, errors };
	return { ok: true, values, data: { role, region, disabled: values.disabled } };
}

export function parseCreateUserForm(form: FormData): Parsed<{ email: string; role: Role | null; region: Region | null }> {
	const values = valuesOf(form);
	const errors: FormErrors = {};
	const email = emailSchema.safeParse(values.email);
	if (!email.success) errors.email = 'admin_error_email_invalid';
	const { role, region } = parseRole(values, errors);
	if (!email.success || Object.keys(errors).length) return { ok: false, values, errors };
	return { ok: true, values, data: { email: email.data, role, region } };
}
