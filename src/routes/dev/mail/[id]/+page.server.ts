import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { publicEntry } from '$lib/server/access/policy';
import { devMail } from '$lib/server/mail/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	publicEntry('development mailbox, disabled in production and when SMTP is configured');
	const row = z.uuid().safeParse(params.id).success ? await devMail(params.id) : undefined;
	if (!row) error(404, 'not_found');
	return {
		mail: { to: row.toAddress, subject: row.subject, status: row.status, createdAt: row.createdAt.toISOString(), text: row.textBody, html: row.htmlBody }
	};
};
