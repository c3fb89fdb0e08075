import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { readiness } from '$lib/server/platform/health';
import type { RequestHandler } from './$types';

/** Readiness: the database answers and every migration of this build is applied. */
export const GET: RequestHandler = async () => {
	publicEntry('readiness probe for operators and load balancers');
	const result = await readiness();
	return json(result, { status: result.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
