/**
 * Machine translations of published entries through the optional provider
 * (provider.ts), run by the job in jobs.ts. Rules (docs/adr/0013):
 *
 * - Only published entries, only the UI locales other than the source locale.
 * - A missing translation is filled; an outdated *machine* translation is
 *   replaced at once.
 * - A person's translation ('current') is never overwritten. When it became
 *   outdated, its authors get OUTDATED_HUMAN_GRACE_DAYS to update or confirm
 *   it (readers see it labelled "may be outdated" meanwhile); after that a
 *   machine translation of the current source replaces it — newcomers then
 *   read what is true today, and the person's text stays in the revisions.
 *   Whether an outdated row was a person's or a machine's is read from the
 *   last revision in which it was not outdated.
 * - All fields of one (entry, locale) are written in one transaction, and
 *   only if the source still says what was sent, so nothing is half-written
 *   or made from an old source.
 */
import { locales } from '../../../i18n';
import type { Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import { log } from '../../core/log';
import { sanitiseMarkdown } from '../../markdown';
import { saveRevision } from '../snapshot';
import { bumpRevision, lockEntry } from '../media/entry';
import { splitMarkdown } from './markdown';
import { ProviderError, type TranslationProvider } from './provider';

export const MACHINE_BATCH = 20;
export const OUTDATED_HUMAN_GRACE_DAYS = 14;

const JOB_ACTOR: Actor = { kind: 'system', label: 'translation job' };

export interface Candidate {
	projectId: string;
	locale: string;
	sourceLocale: string;
	/** null: no translation yet; 'outdated': to be replaced. */
	status: 'outdated' | null;
}

/** Entry × locale pairs that need a machine translation now, newest published first. */
export async function machineCandidates(opts: { limit: number; now?: Date; graceDays?: number }): Promise<Candidate[]> {
	const now = opts.now ?? new Date();
	const cutoff = new Date(now.getTime() - (opts.graceDays ?? OUTDATED_HUMAN_GRACE_DAYS) * 86_400_000);
	const res = await dbPool().query<{ project_id: string; locale: string; source_locale: string; status: 'outdated' | null }>(
		`select p.id as project_id, l.locale, p.source_locale, x.status
		from projects p
		cross join unnest($1::text[]) as l(locale)
		left join project_texts x on x.project_id = p.id and x.locale = l.locale
		left join lateral (
			select r.revision, r.snapshot -> 'texts' -> l.locale ->> 'status' as status
			from project_revisions r
			where r.project_id = p.id and r.snapshot -> 'texts' -> l.locale ->> 'status' in ('current', 'machine')
			order by r.revision desc limit 1
		) prev on x.status = 'outdated'
		left join lateral (
			select min(r.at) as at from project_revisions r where r.project_id = p.id and r.revision > prev.revision
		) since on x.status = 'outdated'
		where p.status = 'published' and l.locale <> p.source_locale
			and exists (select 1 from project_texts s where s.project_id = p.id and s.locale = p.source_locale and s.status = 'source')
			and (x.project_id is null
				or (x.status = 'outdated' and (prev.status = 'machine' or coalesce(since.at, p.updated_at) <= $2)))
		order by p.published_at desc, p.id, l.locale
		limit $3`,
		[locales, cutoff, opts.limit]
	);
	return res.rows.map((r) => ({ projectId: r.project_id, locale: r.locale, sourceLocale: r.source_locale, status: r.status }));
}

interface SourceTexts {
	title: string;
	teaser: string;
	description: string;
}

async function sourceTexts(projectId: string, sourceLocale: string): Promise<SourceTexts | null> {
	const res = await dbPool().query<SourceTexts>(
		`select title, teaser, description from project_texts where project_id = $1 and locale = $2 and status = 'source'`,
		[projectId, sourceLocale]
	);
	return res.rows[0] ?? null;
}

/** Translates title, teaser and the description's pieces in one request. */
async function translateTexts(provider: TranslationProvider, source: SourceTexts, from: string, to: string): Promise<SourceTexts> {
	const description = splitMarkdown(source.description);
	const fixed = [source.title, source.teaser].map((t) => t.trim());
	const ask = [...fixed.filter((t) => t !== ''), ...description.segments];
	const answer = ask.length ? await provider.translate(ask, from, to) : [];
	let i = 0;
	const next = () => (answer[i++] ?? '').replace(/\s+/g, ' ').trim();
	const title = fixed[0] ? next() : '';
	const teaser = fixed[1] ? next() : '';
	const rest = answer.slice(i);
	return {
		title: title.slice(0, 200),
		// The teaser column holds at most 200 characters; a longer translation is cut at a word.
		teaser: teaser.length <= 200 ? teaser : `${teaser.slice(0, 199).replace(/\s+\S*$/, '')}…`,
		description: sanitiseMarkdown(description.assemble(rest))
	};
}

export interface MachineRun {
	written: number;
	skipped: number;
}

/**
 * One bounded run. A provider error that is worth retrying (unreachable,
 * 5xx, 429, 403) stops the run and is thrown, so the job is retried; pairs
 * written before stay written, the rest waits. A permanent refusal (400) skips
 * that pair for this run.
 */
export async function fillMachineTranslations(provider: TranslationProvider, opts: { limit?: number; now?: Date; graceDays?: number } = {}): Promise<MachineRun> {
	const candidates = await machineCandidates({ limit: opts.limit ?? MACHINE_BATCH, now: opts.now, graceDays: opts.graceDays });
	let written = 0;
	let skipped = 0;
	for (const c of candidates) {
		const source = await sourceTexts(c.projectId, c.sourceLocale);
		if (!source || !source.title.trim()) {
			skipped++;
			continue;
		}
		let translated: SourceTexts;
		try {
			translated = await translateTexts(provider, source, c.sourceLocale, c.locale);
		} catch (err) {
			if (err instanceof ProviderError && err.permanent) {
				log.warn({ project: c.projectId, locale: c.locale, err: err.message }, 'machine translation refused for this entry');
				skipped++;
				continue;
			}
			throw err;
		}
		if (!translated.title) {
			skipped++;
			continue;
		}
		const done = await transaction(async (tx, client) => {
			if ((await lockEntry(client, c.projectId)) === null) return false;
			const now = await client.query<SourceTexts & { status: string }>(
				`select s.title, s.teaser, s.description, p.status from project_texts s join projects p on p.id = s.project_id
				where s.project_id = $1 and s.locale = $2 and s.status = 'source'`,
				[c.projectId, c.sourceLocale]
			);
			const fresh = now.rows[0];
			// Source edited (or entry unpublished) while the provider worked: the next run starts over.
			if (!fresh || fresh.status !== 'published' || fresh.title !== source.title || fresh.teaser !== source.teaser || fresh.description !== source.description) {
				return false;
			}
			const target = await client.query<{ status: string }>('select status from project_texts where project_id = $1 and locale = $2 for update', [
				c.projectId,
				c.locale
			]);
			const have = target.rows[0]?.status ?? null;
			// A person saved or confirmed meanwhile: theirs stays.
			if (have !== c.status) return false;
			const revision = await bumpRevision(client, c.projectId);
			await client.query(
				`insert into project_texts (project_id, locale, title, teaser, description, status, source_revision, updated_at)
				values ($1, $2, $3, $4, $5, 'machine', $6, now())
				on conflict (project_id, locale) do update set title = excluded.title, teaser = excluded.teaser,
					description = excluded.description, status = 'machine', source_revision = excluded.source_revision, updated_at = now()`,
				[c.projectId, c.locale, translated.title, translated.teaser, translated.description, revision]
			);
			await saveRevision(client, c.projectId, 'translation', null);
			await record(
				JOB_ACTOR,
				{ action: 'atlas.translation.machine', entity: 'project', entityId: c.projectId, before: c.status ? { locale: c.locale, status: c.status } : null, after: { locale: c.locale, status: 'machine', revision } },
				tx
			);
			return true;
		});
		if (done) written++;
		else skipped++;
	}
	return { written, skipped };
}
