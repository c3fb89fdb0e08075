/**
 * Form errors travel as message keys, never as text: the page translates them.
 * `FieldErrors` maps a field name to a message key (see messages/forms).
 */
export type FieldErrors = Record<string, string>;

export interface FormState<V extends Record<string, unknown> = Record<string, string>> {
	/** The values the person entered, so nothing they typed is lost. */
	values: Partial<V>;
	errors: FieldErrors;
}
