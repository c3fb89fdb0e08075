import { describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../snapshot';
import { CONTEXT_CHARS, diffSnapshots, textDiff, type DiffPart } from './diff';

function snapshot(overrides: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
	return {
		slug: 'sprachcafe',
		status: 'published',
		organisation: 'Verein A',
		fields: ['sprache'],
		topics: [],
		offerTypes: ['treffpunkt'],
		targetGroups: ['alle'],
		languages: ['de', 'ar'],
		costs: ['free'],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		statewide: false,
		contact: { email: { value: 'a@example.org', public: true } },
		schedule: { days: [{ day: 3, slots: [{ from: '16:00', to: '18:00' }] }], byAppointment: false, temporarilyClosed: false, note: null },
		licence: 'CC-BY-4.0',
		sourceLocale: 'de',
		texts: {
			de: { title: 'Sprachcafé Mitte', teaser: 'Deutsch üben bei Tee.', description: 'Jeden Mittwoch.', status: 'source' },
			en: { title: 'Language café', teaser: 'Practise German over tea.', description: '', status: 'current' }
		},
		locations: [
			{ label: null, street: 'Markt 1', postcode: '21335', placeName: 'Lüneburg', ags: '03355022', districtKey: '03355', region: 'lueneburg', lat: 53.25, lon: 10.41, approximate: false }
		],
		...overrides
	};
}

const joined = (parts: DiffPart[], type: DiffPart['type']) =>
	parts
		.filter((p) => p.type === type)
		.map((p) => p.text.trim())
		.join('|');

describe('atlas moderation: snapshot diff', () => {
	it('finds nothing between equal snapshots', () => {
		expect(diffSnapshots(snapshot(), snapshot())).toEqual([]);
	});

	it('diffs texts word by word, per locale, source locale first', () => {
		const before = snapshot();
		const after = snapshot({
			texts: {
				de: { ...before.texts.de!, teaser: 'Deutsch üben bei Kaffee und Kuchen.' },
				en: { ...before.texts.en!, title: 'Language café centre' }
			}
		});
		const changes = diffSnapshots(before, after);
		expect(changes.map((c) => (c.kind === 'text' ? `${c.locale}:${c.field}` : c.kind))).toEqual(['de:teaser', 'en:title']);
		const teaser = changes[0]!;
		if (teaser.kind !== 'text') throw new Error('expected a text change');
		// Punctuation is a token of its own, so the full stop stays unchanged.
		expect(joined(teaser.parts, 'removed')).toBe('Tee');
		expect(joined(teaser.parts, 'added')).toBe('Kaffee und Kuchen');
		expect(joined(teaser.parts, 'same')).toBe('Deutsch üben bei|.');
		expect(teaser.parts.map((p) => p.text).join('')).toContain('Kaffee und Kuchen.');
	});

	it('lists added and removed codes, changed values, contacts, locations and the schedule', () => {
		const before = snapshot();
		const after = snapshot({
			fields: ['sprache', 'teilhabe'],
			languages: ['de'],
			childcare: true,
			online: 'hybrid',
			contact: { email: { value: 'a@example.org', public: false }, phone: { value: '0511 1', public: true } },
			locations: [{ ...before.locations[0]!, street: 'Am Sande 5' }],
			schedule: { ...before.schedule!, temporarilyClosed: true }
		});
		const changes = diffSnapshots(before, after);
		expect(changes).toContainEqual({ kind: 'set', field: 'fields', added: ['teilhabe'], removed: [] });
		expect(changes).toContainEqual({ kind: 'set', field: 'languages', added: [], removed: ['ar'] });
		expect(changes).toContainEqual({ kind: 'value', field: 'childcare', before: false, after: true });
		expect(changes).toContainEqual({ kind: 'value', field: 'online', before: 'no', after: 'hybrid' });
		expect(changes).toContainEqual({
			kind: 'contact',
			field: 'email',
			before: { value: 'a@example.org', public: true },
			after: { value: 'a@example.org', public: false }
		});
		expect(changes).toContainEqual({ kind: 'contact', field: 'phone', before: null, after: { value: '0511 1', public: true } });
		const locations = changes.find((c) => c.kind === 'locations');
		expect(locations).toMatchObject({ added: [{ street: 'Am Sande 5' }], removed: [{ street: 'Markt 1' }] });
		expect(changes.find((c) => c.kind === 'schedule')).toMatchObject({ before: { temporarilyClosed: false }, after: { temporarilyClosed: true } });
		expect(changes.some((c) => c.kind === 'contact' && c.field === 'website')).toBe(false);
	});

	it('treats a new locale as an added text and a removed organisation as removed words', () => {
		const before = snapshot();
		const after = snapshot({
			organisation: null,
			texts: { ...before.texts, ar: { title: 'مقهى اللغة', teaser: '', description: '', status: 'current' } }
		});
		const changes = diffSnapshots(before, after);
		expect(changes).toContainEqual({ kind: 'text', field: 'title', locale: 'ar', parts: [{ type: 'added', text: 'مقهى اللغة' }] });
		expect(changes).toContainEqual({ kind: 'text', field: 'organisation', locale: null, parts: [{ type: 'removed', text: 'Verein A' }] });
	});

	it('shortens long unchanged stretches around a change', () => {
		const long = 'Wort '.repeat(100).trim();
		const parts = textDiff(`${long} alt ${long}`, `${long} neu ${long}`)!;
		const same = parts.filter((p) => p.type === 'same');
		expect(same.length).toBe(2);
		expect(same[0]!.text.startsWith('… ')).toBe(true);
		expect(same[1]!.text.endsWith(' …')).toBe(true);
		for (const p of same) expect(p.text.length).toBeLessThanOrEqual(CONTEXT_CHARS + 4);
		expect(joined(parts, 'removed')).toBe('alt');
		expect(joined(parts, 'added')).toBe('neu');
		expect(textDiff('gleich', 'gleich')).toBeNull();
	});
});
