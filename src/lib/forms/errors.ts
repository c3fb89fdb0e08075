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

/**
 * First problem per field from a schema's issues (zod's `error.issues`), whose
 * messages are message keys. Issues without a path count for `fallback`.
 */
export function fieldErrorsFrom(
	issues: readonly { path: readonly PropertyKey[]; message: string }[],
	fallback: string
): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of issues) errors[String(issue.path[0] ?? fallback)] ??= issue.message;
	return errors;
}
