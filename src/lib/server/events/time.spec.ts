import { describe, expect, it } from 'vitest';
import { addDays, berlinInstant, berlinOffsetMinutes, berlinWallClock, validDate } from './time';
import { recurringDates } from './staff-form';

describe('Berlin wall-clock times', () => {
	it('maps winter and summer times to the right instants', () => {
		expect(berlinInstant('2026-01-15', '10:00')?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(berlinInstant('2026-07-15', '10:00')?.toISOString()).toBe('2026-07-15T08:00:00.000Z');
		expect(berlinOffsetMinutes(new Date('2026-01-15T09:00:00Z'))).toBe(60);
		expect(berlinOffsetMinutes(new Date('2026-07-15T08:00:00Z'))).toBe(120);
	});

	it('keeps 10:00 on both sides of the spring change', () => {
		// Clocks go forward on Sunday 29 March 2026.
		expect(berlinInstant('2026-03-28', '10:00')?.toISOString()).toBe('2026-03-28T09:00:00.000Z');
		expect(berlinInstant('2026-03-29', '10:00')?.toISOString()).toBe('2026-03-29T08:00:00.000Z');
	});

	it('refuses a time in the spring gap and picks the first of a doubled autumn hour', () => {
		expect(berlinInstant('2026-03-29', '02:30')).toBeNull();
		// 25 October 2026, 02:30 happens twice: first at +02:00.
		expect(berlinInstant('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(berlinInstant('2026-10-25', '03:30')?.toISOString()).toBe('2026-10-25T02:30:00.000Z');
	});

	it('round-trips and validates', () => {
		const d = berlinInstant('2026-12-31', '23:45')!;
		expect(berlinWallClock(d)).toMatchObject({ date: '2026-12-31', time: '23:45' });
		expect(validDate('2026-02-29')).toBe(false);
		expect(validDate('2028-02-29')).toBe(true);
		expect(berlinInstant('2026-13-01', '10:00')).toBeNull();
		expect(berlinInstant('2026-01-01', '24:00')).toBeNull();
		expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
	});
});

describe('recurring dates', () => {
	it('weekly, every two weeks and monthly (end of month clamped)', () => {
		expect(recurringDates('2026-03-19', 'weekly', 3)).toEqual(['2026-03-19', '2026-03-26', '2026-04-02']);
		expect(recurringDates('2026-03-19', 'biweekly', 2)).toEqual(['2026-03-19', '2026-04-02']);
		expect(recurringDates('2026-01-31', 'monthly', 3)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
		expect(recurringDates('2026-01-31', 'none', 5)).toEqual(['2026-01-31']);
	});
});
