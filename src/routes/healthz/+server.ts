import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import type { RequestHandler } from './$types';

/** Liveness: the process answers. */
export const GET: RequestHandler = () => {
	publicEntry('liveness probe for operators');
	return json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }, { headers: { 'Cache-Control': 'no-store' } });
};
