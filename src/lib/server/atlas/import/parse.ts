/**
 * Bytes of an uploaded CSV → header-mapped records. UTF-8 with or without
 * BOM; `;` (German spreadsheets) or `,` detected from the header line; quoted
 * fields may hold the separator, quotes and line breaks (csv-parse).
 */
import { parse } from 'csv-parse/sync';
import { columnFor, MAX_BYTES, MAX_ROWS, REQUIRED_COLUMNS, HEADERS, type ColumnRef } from './columns';

export type FileProblem =
	| { code: 'import_error_file_missing' }
	| { code: 'import_error_file_too_large'; maxMb: number }
	| { code: 'import_error_encoding' }
	| { code: 'import_error_empty' }
	| { code: 'import_error_too_many_rows'; max: number }
	| { code: 'import_error_csv_syntax'; line: number }
	| { code: 'import_error_missing_columns'; columns: string }
	| { code: 'import_error_duplicate_column'; columns: string };

export interface ParsedRecord {
	/** The row as a spreadsheet numbers it (the header is row 1). */
	row: number;
	/** Cell values by column id ('title', 'loc1.place', …); absent columns are absent. */
	fields: Record<string, string>;
}

export interface ParsedFile {
	delimiter: ';' | ',';
	records: ParsedRecord[];
	/** Headers we do not know (ignored, shown to staff so a typo is noticed). */
	unknownColumns: string[];
}

/** Counts a character outside quotes in the first line (the header). */
function countOutsideQuotes(line: string, ch: string): number {
	let inQuotes = false;
	let n = 0;
	for (const c of line) {
		if (c === '"') inQuotes = !inQuotes;
		else if (!inQuotes && c === ch) n++;
	}
	return n;
}

export function columnId(ref: ColumnRef): string {
	return ref.kind === 'field' ? ref.key : `loc${ref.n}.${ref.part}`;
}

export function detectDelimiter(text: string): ';' | ',' {
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	return countOutsideQuotes(firstLine, ';') >= countOutsideQuotes(firstLine, ',') ? ';' : ',';
}

export function decodeCsv(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: FileProblem } {
	if (bytes.byteLength === 0) return { ok: false, problem: { code: 'import_error_empty' } };
	if (bytes.byteLength > MAX_BYTES) return { ok: false, problem: { code: 'import_error_file_too_large', maxMb: MAX_BYTES / 1024 / 1024 } };
	try {
		// fatal: a file saved as Windows-1252 must be refused, not imported with broken umlauts. ignoreBOM false strips it.
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		if (text.includes('\u0000')) return { ok: false, problem: { code: 'import_error_encoding' } };
		return { ok: true, text };
	} catch {
		return { ok: false, problem: { code: 'import_error_encoding' } };
	}
}

export function parseCsv(bytes: Uint8Array): { ok: true; file: ParsedFile } | { ok: false; problem: FileProblem } {
	const decoded = decodeCsv(bytes);
	if (!decoded.ok) return decoded;
	const text = decoded.text.replace(/^\uFEFF/, '');
	if (!text.trim()) return { ok: false, problem: { code: 'import_error_empty' } };
	const delimiter = detectDelimiter(text);
	let rows: string[][];
	try {
		rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
	} catch (err) {
		const line = (err as { lines?: number }).lines ?? 0;
		return { ok: false, problem: { code: 'import_error_csv_syntax', line } };
	}
	const [header, ...data] = rows;
	if (!header) return { ok: false, problem: { code: 'import_error_empty' } };
	const refs: (ColumnRef | null)[] = header.map((h) => columnFor(h));
	const unknownColumns = header.filter((h, i) => refs[i] === null && h.trim() !== '').map((h) => h.trim());
	const seen = new Map<string, number>();
	for (const ref of refs) if (ref) seen.set(columnId(ref), (seen.get(columnId(ref)) ?? 0) + 1);
	const repeated = header.filter((_, i) => {
		const ref = refs[i];
		return ref && (seen.get(columnId(ref)) ?? 0) > 1;
	});
	if (repeated.length > 0) return { ok: false, problem: { code: 'import_error_duplicate_column', columns: [...new Set(repeated.map((h) => h.trim()))].join(', ') } };
	const missing = REQUIRED_COLUMNS.filter((key) => !refs.some((r) => r?.kind === 'field' && r.key === key));
	if (missing.length > 0) return { ok: false, problem: { code: 'import_error_missing_columns', columns: missing.map((k) => HEADERS[k]).join(', ') } };

	const records: ParsedRecord[] = [];
	data.forEach((cells, i) => {
		// Spreadsheets export empty rows as ";;;;"; they are no entries.
		if (cells.every((c) => c.trim() === '')) return;
		const fields: Record<string, string> = {};
		refs.forEach((ref, j) => {
			if (ref) fields[columnId(ref)] = (cells[j] ?? '').replace(/\r\n?/g, '\n').trim();
		});
		records.push({ row: i + 2, fields });
	});
	if (records.length === 0) return { ok: false, problem: { code: 'import_error_empty' } };
	if (records.length > MAX_ROWS) return { ok: false, problem: { code: 'import_error_too_many_rows', max: MAX_ROWS } };
	return { ok: true, file: { delimiter, records, unknownColumns } };
}
