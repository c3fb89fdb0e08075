import { describe, expect, it } from 'vitest';
import { splitMarkdown } from './markdown';

const upper = (segments: string[]) => segments.map((s) => s.toUpperCase());

describe('Markdown for machine translation', () => {
	it('sends only words and keeps block structure and link targets', () => {
		const md = [
			'### Wann und wo',
			'',
			'Wir treffen uns **dienstags** im [Rathaus](https://example.org/rathaus) Hemmingen.',
			'- Sprachcafé',
			'- Lernpatenschaften',
			'1. Anmelden',
			'> Ein Zitat',
			'  ',
			'Mail: [schreiben Sie uns](mailto:info@example.org)'
		].join('\n');
		const split = splitMarkdown(md);
		expect(split.segments).toEqual([
			'Wann und wo',
			'Wir treffen uns **dienstags** im',
			'Rathaus',
			'Hemmingen.',
			'Sprachcafé',
			'Lernpatenschaften',
			'Anmelden',
			'Ein Zitat',
			'Mail:',
			'schreiben Sie uns'
		]);
		expect(split.segments.join(' ')).not.toContain('example.org');
		expect(split.assemble(upper(split.segments))).toBe(
			[
				'### WANN UND WO',
				'',
				'WIR TREFFEN UNS **DIENSTAGS** IM [RATHAUS](https://example.org/rathaus) HEMMINGEN.',
				'- SPRACHCAFÉ',
				'- LERNPATENSCHAFTEN',
				'1. ANMELDEN',
				'> EIN ZITAT',
				'  ',
				'MAIL: [SCHREIBEN SIE UNS](mailto:info@example.org)'
			].join('\n')
		);
	});

	it('keeps a translation on its line and out of the link syntax', () => {
		const split = splitMarkdown('- eins\n- zwei');
		expect(split.assemble(['one\n\n# injected', 'two [x](javascript:alert(1))'])).toBe('- one # injected\n- two x(javascript:alert(1))');
		expect(() => split.assemble(['only one'])).toThrow();
	});

	it('has nothing to send for an empty text or one without words', () => {
		expect(splitMarkdown('').segments).toEqual([]);
		expect(splitMarkdown('- 10:00–12:00\n\n***').segments).toEqual([]);
		expect(splitMarkdown('- 10:00–12:00').assemble([])).toBe('- 10:00–12:00');
	});
});
