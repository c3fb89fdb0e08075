import { m } from '$lib/paraglide/messages';

export function mailStatusLabel(status: string): string {
	switch (status) {
		case 'queued':
			return m.admin_devmail_status_queued();
		case 'sending':
			return m.admin_devmail_status_sending();
		case 'sent':
			return m.admin_devmail_status_sent();
		case 'failed':
			return m.admin_devmail_status_failed();
		default:
			return m.admin_devmail_status_uncertain();
	}
}
