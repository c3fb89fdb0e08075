/**
 * Runs the newsletter benchmark in its own process, so that its peak memory is
 * the engine's (and the loopback SMTP sink's), not the harness's:
 *   tsx bench/newsletter-cli.ts <database url> <recipients>
 * Prints one JSON line (NewsletterBenchResult).
 */
import { benchNewsletter } from './lib/newsletter';

const [databaseUrl, n] = process.argv.slice(2);
if (!databaseUrl || !n) {
	console.error('usage: tsx bench/newsletter-cli.ts <database url> <recipients>');
	process.exit(2);
}
const result = await benchNewsletter({ databaseUrl, recipients: Number(n) });
console.log(JSON.stringify(result));
process.exit(0);
