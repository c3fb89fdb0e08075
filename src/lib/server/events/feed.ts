/** Atom 1.0 (RFC 4287) feed of the calendar for any filter: GET /api/v1/events.atom?<filters>&lang=de. */
import { m } from '../../paraglide/messages';
import type { Locale } from '../../paraglide/runtime';
import { formatWhen } from '../../events/format';
import { xmlText } from '../atlas/reuse/feed';
import { venueLine } from './calendar';
import { filterQuery, type EventFilter } from './contract';
import type { EventRow } from './repository';

const el = (name: string, text: string, attrs = '') => `<${name}${attrs}>${xmlText(text)}</${name}>`;

export function eventsAtom(rows: EventRow[], filter: EventFilter, locale: Locale, origin: string, now = new Date()): string {
	const query = filterQuery(filter);
	const self = `${origin}/api/v1/events.atom?${query ? `${query}&` : ''}lang=${locale}`;
	const latest = rows.reduce<Date | null>((max, e) => (!max || e.updatedAt > max ? e.updatedAt : max), null);
	const entries = rows.map((e) => {
		const href = `${origin}/${locale}/veranstaltungen/${encodeURIComponent(e.slug)}`;
		const lang = e.textLocale !== locale ? ` xml:lang="${xmlText(e.textLocale)}"` : '';
		const summary = [formatWhen(e.startsAt, e.endsAt, locale), venueLine(e), e.status === 'cancelled' ? m.events_cancelled_badge({}, { locale }) : '']
			.filter(Boolean)
			.join(' · ');
		return [
			`<entry${lang}>`,
			el('id', `urn:uuid:${e.id}`),
			el('title', e.title, ' type="text"'),
			`<link rel="alternate" type="text/html" hreflang="${locale}" href="${xmlText(href)}"/>`,
			el('published', (e.publishedAt ?? e.createdAt).toISOString()),
			el('updated', e.updatedAt.toISOString()),
			...(e.organiser ? [`<author>${el('name', e.organiser)}</author>`] : []),
			el('summary', summary, ' type="text"'),
			`<category term="${xmlText(e.kind)}"/>`,
			'</entry>'
		].join('\n');
	});
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
		el('id', self),
		el('title', m.events_feed_title({}, { locale }), ' type="text"'),
		`<link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
		`<link rel="alternate" type="text/html" hreflang="${locale}" href="${xmlText(`${origin}/${locale}/veranstaltungen${query ? `?${query}` : ''}`)}"/>`,
		el('updated', (latest ?? now).toISOString()),
		`<author>${el('name', m.events_feed_author({}, { locale }))}<uri>${xmlText(`${origin}/${locale}`)}</uri></author>`,
		el('generator', 'anpacken', ` uri="${xmlText(origin)}"`),
		...entries,
		'</feed>',
		''
	].join('\n');
}
