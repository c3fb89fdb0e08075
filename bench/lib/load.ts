/**
 * Bounded HTTP load on loopback with autocannon, recording every response
 * time so that p50/p95/p99 are exact (autocannon's own summary has no p95).
 */
import autocannon from 'autocannon';

export interface LoadResult {
	connections: number;
	seconds: number;
	requests: number;
	errors: number;
	non2xx: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	mean: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export function summarise(latencies: number[]): { p50: number; p95: number; p99: number; mean: number } {
	const sorted = [...latencies].sort((a, b) => a - b);
	const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

/** Runs `paths` round-robin against `origin` for `seconds` with `connections` keep-alive connections. */
export async function load(origin: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
	if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(origin)) throw new Error(`load tests run on loopback only, not ${origin}`);
	const latencies: number[] = [];
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url: origin,
				connections,
				duration: seconds,
				pipelining: 1,
				timeout: 10,
				requests: paths.map((path) => ({ method: 'GET' as const, path }))
			},
			(err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res))
		);
		instance.on('response', (_client, _status, _bytes, responseTime) => {
			latencies.push(responseTime);
		});
	});
	const s = summarise(latencies);
	return {
		connections,
		seconds,
		requests: latencies.length,
		errors: result.errors + result.timeouts,
		non2xx: result.non2xx,
		rps: latencies.length / seconds,
		...s
	};
}
