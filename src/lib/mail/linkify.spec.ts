import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
	it('finds http(s) URLs and leaves trailing punctuation and other schemes as text', () => {
		const text = 'Link:\nhttp://localhost:5103/de/anmelden/link?token=abc_-1.\njavascript:alert(1) (see https://example.org/x)';
		expect(linkify(text)).toEqual([
			{ kind: 'text', text: 'Link:\n' },
			{ kind: 'url', text: 'http://localhost:5103/de/anmelden/link?token=abc_-1' },
			{ kind: 'text', text: '.\njavascript:alert(1) (see ' },
			{ kind: 'url', text: 'https://example.org/x' },
			{ kind: 'text', text: ')' }
		]);
		expect(linkify('no links')).toEqual([{ kind: 'text', text: 'no links' }]);
	});
});
