import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { issueChallenge } from '$lib/server/protection/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	publicEntry('ALTCHA challenge for the public forms; costs the server one hash');
	// Every challenge is single-use, so no cache may hand the same one to two people.
	return json(await issueChallenge(), { headers: { 'Cache-Control': 'no-store' } });
};
