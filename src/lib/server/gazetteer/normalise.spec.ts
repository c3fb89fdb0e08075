import { describe, expect, it } from 'vitest';
import { baseKey, baseKeys, fullKey, fullKeys } from './normalise';

describe('gazetteer name keys', () => {
	it('folds umlauts and ß both ways so transliterations meet', () => {
		expect(fullKey('Göttingen')).toBe('goettingen');
		expect(fullKey('Goettingen')).toBe('goettingen');
		expect(fullKeys('Göttingen')).toContain('gottingen');
		expect(fullKey('Großefehn')).toBe(fullKey('Grossefehn'));
	});

	it('expands the abbreviations of the postcode data', () => {
		expect(fullKey('Hann. Münden')).toBe(fullKey('Hannoversch Münden'));
		expect(fullKey('St. Andreasberg')).toBe('sankt andreasberg');
		expect(fullKey('Neustadt a. Rbge.')).toBe(fullKey('Neustadt am Rübenberge'));
		expect(fullKey('Frankfurt a. d. Oder')).toBe('frankfurt an der oder');
	});

	it('keeps the literal form for people still typing', () => {
		expect(fullKeys('Hann')).toContain('hann');
	});

	it('derives a key without the distinguishing suffix', () => {
		expect(baseKey('Verden (Aller)')).toBe('verden');
		expect(baseKey('Nienburg/Weser')).toBe('nienburg');
		expect(baseKey('Eisdorf am Harz')).toBe('eisdorf');
		expect(baseKey('Hemmingen')).toBeNull();
		expect(baseKeys('Rotenburg (Wümme)')).toEqual(['rotenburg']);
	});

	it('reduces punctuation-only input to nothing', () => {
		expect(fullKeys('%%% ... ---')).toEqual([]);
	});
});
