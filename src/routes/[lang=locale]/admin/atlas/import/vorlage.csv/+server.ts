import { templateCsv } from '$lib/server/atlas/import/columns';
import { guard } from '$lib/server/web/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	guard(event, 'atlas.import');
	return new Response(templateCsv(), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="projektatlas-import-vorlage.csv"'
		}
	});
};
