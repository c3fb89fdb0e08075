/** Translated texts for the import pages' message keys (file problems, row issues, commit errors). */
import { m } from '$lib/paraglide/messages';
import type { FileProblem } from '$lib/server/atlas/import/parse';
import type { RowIssue } from '$lib/server/atlas/import/validate';

export function problemText(p: FileProblem): string {
	switch (p.code) {
		case 'import_error_file_missing':
			return m.import_error_file_missing();
		case 'import_error_file_too_large':
			return m.import_error_file_too_large({ maxMb: p.maxMb });
		case 'import_error_encoding':
			return m.import_error_encoding();
		case 'import_error_empty':
			return m.import_error_empty();
		case 'import_error_too_many_rows':
			return m.import_error_too_many_rows({ max: p.max });
		case 'import_error_csv_syntax':
			return m.import_error_csv_syntax({ line: p.line });
		case 'import_error_missing_columns':
			return m.import_error_missing_columns({ columns: p.columns });
		case 'import_error_duplicate_column':
			return m.import_error_duplicate_column({ columns: p.columns });
	}
}

export function issueText(i: RowIssue): string {
	const column = i.column;
	const value = i.value ?? '';
	switch (i.code) {
		case 'import_error_required':
			return m.import_error_required({ column });
		case 'import_error_too_long':
			return m.import_error_too_long({ column, max: i.max ?? 0 });
		case 'import_error_too_short':
			return m.import_error_too_short({ column, min: i.min ?? 0 });
		case 'import_error_unknown_value':
			return m.import_error_unknown_value({ column, value });
		case 'import_error_yes_no':
			return m.import_error_yes_no({ column, value });
		case 'import_error_email':
			return m.import_error_email({ column });
		case 'import_error_phone':
			return m.import_error_phone({ column });
		case 'import_error_website':
			return m.import_error_website({ column });
		case 'import_error_postcode':
			return m.import_error_postcode({ column, value });
		case 'import_error_location_place':
			return m.import_error_location_place({ column });
		case 'import_error_place_not_found':
			return m.import_error_place_not_found({ column, value });
		case 'import_error_place_outside':
			return m.import_error_place_outside({ column, value });
		default:
			return i.code;
	}
}

/** Commit errors are keyed by form control (`zeile`, `zeile-<row>`, `ort-<row>-<i>`). */
export function commitErrorText(field: string, key: string): string {
	const row = Number(/^(?:zeile|ort)-(\d+)/.exec(field)?.[1] ?? 0);
	if (key === 'import_error_choose_place') return m.import_error_choose_place({ row });
	if (key === 'import_error_row_not_importable') return m.import_error_row_not_importable({ row });
	return m.import_error_nothing_selected();
}
