import type { UserRow } from './repository';

/** What pages may see of an account. */
export interface UserView {
	id: string;
	email: string;
	displayName: string | null;
	role: UserRow['role'];
	region: UserRow['region'];
	locale: string;
	createdAt: string;
	lastSignInAt: string | null;
	disabled: boolean;
}

export function presentUser(row: UserRow): UserView {
	return {
		id: row.id,
		email: row.email,
		displayName: row.displayName,
		role: row.role ?? null,
		region: row.region ?? null,
		locale: row.locale,
		createdAt: row.createdAt.toISOString(),
		lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
		disabled: row.disabledAt !== null
	};
}
