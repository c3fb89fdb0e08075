import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { SYSTEM, AccessDenied, ANONYMOUS } from '../access/policy';
import { listEntries } from '../audit/service';
import { parseCreateUserForm, parseRoleForm } from './forms';
import { createUser, RoleError, signOutEverywhere } from './service';

const fd = (o: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(o)) f.set(k, v);
	return f;
};

describe('staff account forms', () => {
	it.each([
		[{ role: 'regional', region: '' }, { region: 'admin_error_region_required' }],
		[{ role: 'root', region: '' }, { role: 'admin_error_role_invalid' }],
		[{ role: 'editor', region: 'mars' }, { region: 'admin_error_region_invalid' }]
	])('rejects %o with field errors', (input, errors) => {
		const r = parseRoleForm(fd(input));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors).toEqual(errors);
	});

	it('drops the region for roles other than regional and reads the checkbox', () => {
		expect(parseRoleForm(fd({ role: 'editor', region: 'weser-ems', disabled: 'on' }))).toMatchObject({
			ok: true,
			data: { role: 'editor', region: null, disabled: true }
		});
		expect(parseRoleForm(fd({ role: '', region: '' }))).toMatchObject({ ok: true, data: { role: null, region: null, disabled: false } });
	});

	it('validates and normalises the email of a new account, keeping entered values', () => {
		const bad = parseCreateUserForm(fd({ email: 'nope', role: 'admin' }));
		expect(bad).toMatchObject({ ok: false, errors: { email: 'admin_error_email_invalid' }, values: { email: 'nope', role: 'admin' } });
		expect(parseCreateUserForm(fd({ email: ' A@Example.org ', role: '' }))).toMatchObject({ ok: true, data: { email: 'a@example.org', role: null } });
	});
});

describe('createUser', () => {
	useTestDatabase();

	it('creates once, audits, and never changes an existing account', async () => {
		const first = await createUser(SYSTEM, { email: 'x@example.org', role: 'regional', region: 'lueneburg' });
		expect(first).toMatchObject({ ok: true, user: { email: 'x@example.org', role: 'regional', region: 'lueneburg' } });
		const again = await createUser(SYSTEM, { email: 'X@example.org', role: null, region: null });
		expect(again).toMatchObject({ ok: false, reason: 'exists' });
		const { entries } = await listEntries(SYSTEM);
		expect(entries.map((e) => e.action)).toEqual(['user.create']);
		await expect(createUser(SYSTEM, { email: 'y@example.org', role: 'regional', region: null })).rejects.toBeInstanceOf(RoleError);
		await expect(createUser(ANONYMOUS, { email: 'z@example.org', role: null, region: null })).rejects.toBeInstanceOf(AccessDenied);
		await expect(signOutEverywhere(ANONYMOUS)).rejects.toBeInstanceOf(AccessDenied);
	});
});
