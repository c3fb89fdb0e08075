/** Texts for the staff event form's error keys (src/lib/server/events/staff-form.ts). */
import { m } from '$lib/paraglide/messages';

const TEXTS: Record<string, () => string> = {
	events_staff_error_title: () => m.events_staff_error_title(),
	events_staff_error_too_long: () => m.events_staff_error_too_long(),
	events_staff_error_kind: () => m.events_staff_error_kind(),
	events_staff_error_status: () => m.events_staff_error_status(),
	events_staff_error_region: () => m.events_staff_error_region(),
	events_staff_error_online: () => m.events_staff_error_online(),
	events_staff_error_url: () => m.events_staff_error_url(),
	events_staff_error_postcode: () => m.events_staff_error_postcode(),
	events_staff_error_date: () => m.events_staff_error_date(),
	events_staff_error_time: () => m.events_staff_error_time(),
	events_staff_error_time_gap: () => m.events_staff_error_time_gap(),
	events_staff_error_end_before_start: () => m.events_staff_error_end_before_start(),
	events_staff_error_step_free: () => m.events_staff_error_step_free(),
	events_staff_error_email: () => m.events_staff_error_email(),
	events_staff_error_capacity: () => m.events_staff_error_capacity(),
	events_staff_error_capacity_below_seats: () => m.events_staff_error_capacity_below_seats(),
	events_staff_error_offer_hours: () => m.events_staff_error_offer_hours(),
	events_staff_error_repeat: () => m.events_staff_error_repeat(),
	events_staff_error_repeat_count: () => m.events_staff_error_repeat_count(),
	events_staff_error_fields: () => m.events_staff_error_fields(),
	events_staff_error_languages: () => m.events_staff_error_languages(),
	events_staff_error_questions: () => m.events_staff_error_questions(),
	events_staff_error_online_url: () => m.events_staff_error_online_url(),
	events_staff_error_place: () => m.events_staff_error_place(),
	events_staff_error_place_ambiguous: () => m.events_staff_error_place_ambiguous(),
	events_staff_error_place_required: () => m.events_staff_error_place_required(),
	events_staff_error_window: () => m.events_staff_error_window(),
	events_staff_error_consent_text: () => m.events_staff_error_consent_text()
};

export function staffErrorText(key: string): string {
	return TEXTS[key]?.() ?? m.events_staff_error_generic();
}
