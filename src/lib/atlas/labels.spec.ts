import { describe, expect, it } from 'vitest';
import { OFFER_LANGUAGE_CODES } from './taxonomy';
import { label, languageName, VOCABULARIES, type Vocabulary } from './labels';

const LOCALES = ['de', 'en', 'ar'] as const;

describe('atlas labels', () => {
	for (const vocabulary of Object.keys(VOCABULARIES) as Vocabulary[]) {
		it(`${vocabulary}: every code has a label in de, en and ar`, () => {
			const missing: string[] = [];
			for (const code of VOCABULARIES[vocabulary].codes) {
				for (const locale of LOCALES) {
					const text = label(vocabulary, code, locale);
					if (!text.trim() || text === code) missing.push(`${locale}:${code}`);
				}
			}
			expect(missing).toEqual([]);
		});
	}

	it('German labels are the German source, not the English text', () => {
		expect(label('field', 'arbeit', 'de')).toBe('Arbeit & Ausbildung');
		expect(label('field', 'arbeit', 'en')).not.toBe(label('field', 'arbeit', 'de'));
	});

	it('shows an unknown code as it is instead of hiding it', () => {
		expect(label('topic', 'something-new', 'de')).toBe('something-new');
		expect(label('topic', 'toString', 'de')).toBe('toString');
	});

	it('names every offer language by its endonym with its language tag', () => {
		for (const code of OFFER_LANGUAGE_CODES) {
			const name = languageName(code);
			expect(name.text.trim()).not.toBe('');
			expect(name.lang).toBe(code);
		}
		expect(languageName('ar').text).toBe('العربية');
	});
});
