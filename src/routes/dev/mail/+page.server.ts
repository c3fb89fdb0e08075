import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { devMailbox } from '$lib/server/mail/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	publicEntry('development mailbox, disabled in production and when SMTP is configured');
	const rows = await devMailbox();
	if (!rows) error(404, 'not_found');
	return {
		mails: rows.map((r) => ({ id: r.id, to: r.toAddress, subject: r.subject, status: r.status, createdAt: r.createdAt.toISOString() }))
	};
};
