import type { Actor } from '$lib/server/access/policy';
import type { UserView } from '$lib/server/accounts/presenter';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			locale: import('$lib/paraglide/runtime').Locale;
			actor: Actor;
			user: UserView | null;
		}
	}
}

export {};
