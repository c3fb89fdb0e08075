/**
 * Descriptions are limited Markdown. A machine translator must not see (and
 * possibly mangle) the structure, so a description is cut into plain-text
 * pieces first: line by line, the block prefix (list marker, heading hashes,
 * quote mark) and the target of every link stay untouched; only the words —
 * including link labels — are sent, as format 'text'. Putting the translated
 * pieces back gives the same structure with translated words (docs/adr/0013).
 */

type Piece = { text: number } | { literal: string };

export interface SplitText {
	/** The strings to translate, in order. */
	segments: string[];
	/** Rebuilds the Markdown from one translation per segment. */
	assemble(translated: string[]): string;
}

const BLOCK_PREFIX = /^(\s*(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+)?)/;
const LINK = /(!?\[)([^\]\n]+)(\]\([^)\s]+(?:\s+"[^"\n]*")?\))/g;
const HAS_WORDS = /\p{L}/u;

function pushText(pieces: Piece[], segments: string[], value: string): void {
	if (!HAS_WORDS.test(value)) {
		if (value) pieces.push({ literal: value });
		return;
	}
	// Surrounding spaces belong to the structure, not to the sentence.
	const lead = /^\s*/.exec(value)![0];
	const trail = /\s*$/.exec(value)![0];
	if (lead) pieces.push({ literal: lead });
	pieces.push({ text: segments.length });
	segments.push(value.slice(lead.length, value.length - trail.length));
	if (trail) pieces.push({ literal: trail });
}

export function splitMarkdown(markdown: string): SplitText {
	const pieces: Piece[] = [];
	const segments: string[] = [];
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	lines.forEach((line, i) => {
		if (i > 0) pieces.push({ literal: '\n' });
		const prefix = BLOCK_PREFIX.exec(line)?.[1] ?? '';
		if (prefix) pieces.push({ literal: prefix });
		const rest = line.slice(prefix.length);
		let last = 0;
		for (const m of rest.matchAll(LINK)) {
			pushText(pieces, segments, rest.slice(last, m.index));
			pieces.push({ literal: m[1]! });
			pushText(pieces, segments, m[2]!);
			pieces.push({ literal: m[3]! });
			last = m.index + m[0].length;
		}
		pushText(pieces, segments, rest.slice(last));
	});
	return {
		segments,
		assemble(translated: string[]): string {
			if (translated.length !== segments.length) throw new Error('one translation per segment expected');
			return pieces
				.map((p) => {
					if ('literal' in p) return p.literal;
					// A translated piece must stay on its line and must not open a link of its own.
					return translated[p.text]!.replace(/\s*\n\s*/g, ' ').replace(/[[\]]/g, '').trim();
				})
				.join('');
		}
	};
}
