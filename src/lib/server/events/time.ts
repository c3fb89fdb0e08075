/**
 * Event times: people enter and read wall-clock times in Europe/Berlin; the
 * database stores instants (timestamptz). See ADR 0017.
 */
import { EVENT_TIME_ZONE } from '../../events/vocabulary';

const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: EVENT_TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

export interface WallClock {
	/** YYYY-MM-DD */
	date: string;
	/** HH:MM */
	time: string;
}

/** The Berlin wall-clock date and time of an instant. */
export function berlinWallClock(instant: Date): WallClock & { seconds: number } {
	const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
	return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, seconds: Number(p.second) };
}

/** Offset of Berlin from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
export function berlinOffsetMinutes(instant: Date): number {
	const w = berlinWallClock(instant);
	const asUtc = Date.parse(`${w.date}T${w.time}:${String(w.seconds).padStart(2, '0')}Z`);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function validDate(date: string): boolean {
	const m = DATE.exec(date);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function validTime(time: string): boolean {
	return TIME.test(time);
}

/**
 * The instant at which Berlin's clocks show `date time`. A time in the spring
 * gap (02:00–02:59 on the last Sunday of March) does not exist: null. A time
 * that occurs twice (autumn) is the first, summer-time occurrence.
 */
export function berlinInstant(date: string, time: string): Date | null {
	if (!validDate(date) || !validTime(time)) return null;
	const naive = Date.parse(`${date}T${time}:00Z`);
	// Try both possible offsets; summer time first so an ambiguous time resolves to the earlier instant.
	for (const offset of [120, 60]) {
		const candidate = new Date(naive - offset * 60_000);
		const back = berlinWallClock(candidate);
		if (back.date === date && back.time === time) return candidate;
	}
	return null;
}

/** Adds whole calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
