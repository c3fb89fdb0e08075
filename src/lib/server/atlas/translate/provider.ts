/**
 * Machine translation through a LibreTranslate-compatible HTTP API
 * (ANPACKEN_TRANSLATE_URL, optional ANPACKEN_TRANSLATE_API_KEY). Off when the
 * URL is unset. Only entry texts are sent — never contact data or anything
 * about the people who use the site (docs/adr/0013).
 */
import { config } from '../../core/config';

export interface TranslationProvider {
	/** Translates plain-text strings from source to target; the answer has the same length and order. */
	translate(texts: string[], source: string, target: string): Promise<string[]>;
}

/**
 * A provider answered with an error or not at all. `permanent` means this
 * input cannot be translated (HTTP 400: e.g. too long, language pair not
 * offered) — retrying the same texts will not help; everything else
 * (unreachable, timeout, 403 key, 429 slow down, 5xx) is worth a later retry.
 */
export class ProviderError extends Error {
	constructor(
		message: string,
		readonly status: number | null,
		readonly permanent: boolean
	) {
		super(message);
		this.name = 'ProviderError';
	}
}

export class LibreTranslateClient implements TranslationProvider {
	private readonly endpoint: string;

	constructor(
		baseUrl: string,
		private readonly apiKey?: string,
		private readonly timeoutMs = 30_000
	) {
		this.endpoint = new URL('translate', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
	}

	async translate(texts: string[], source: string, target: string): Promise<string[]> {
		if (texts.length === 0) return [];
		const body: Record<string, unknown> = { q: texts, source, target, format: 'text' };
		if (this.apiKey) body.api_key = this.apiKey;
		let res: Response;
		try {
			res = await fetch(this.endpoint, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(this.timeoutMs),
				redirect: 'error'
			});
		} catch (err) {
			throw new ProviderError(`translation provider unreachable: ${err instanceof Error ? err.message : String(err)}`, null, false);
		}
		let payload: unknown;
		try {
			payload = await res.json();
		} catch {
			throw new ProviderError(`translation provider answered ${res.status} without JSON`, res.status, false);
		}
		if (!res.ok) {
			const reason = typeof (payload as { error?: unknown })?.error === 'string' ? (payload as { error: string }).error : '';
			throw new ProviderError(`translation provider answered ${res.status}${reason ? `: ${reason.slice(0, 200)}` : ''}`, res.status, res.status === 400);
		}
		const translated = (payload as { translatedText?: unknown })?.translatedText;
		const list = typeof translated === 'string' && texts.length === 1 ? [translated] : translated;
		if (!Array.isArray(list) || list.length !== texts.length || !list.every((t) => typeof t === 'string')) {
			throw new ProviderError('translation provider answered with an unexpected shape', res.status, false);
		}
		return list as string[];
	}
}

/** The configured provider, or null when machine translation is off. */
export function configuredProvider(): TranslationProvider | null {
	const c = config();
	if (!c.ANPACKEN_TRANSLATE_URL) return null;
	return new LibreTranslateClient(c.ANPACKEN_TRANSLATE_URL, c.ANPACKEN_TRANSLATE_API_KEY);
}
