/**
 * Splits plain text into text and http(s) URL pieces so a page can render the
 * URLs as links without {@html}. Other schemes are left as text on purpose.
 */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'url'; text: string };

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

export function linkify(text: string): TextPiece[] {
	const pieces: TextPiece[] = [];
	let last = 0;
	for (const match of text.matchAll(URL_RE)) {
		const start = match.index ?? 0;
		if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
		pieces.push({ kind: 'url', text: match[0] });
		last = start + match[0].length;
	}
	if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
	return pieces;
}
