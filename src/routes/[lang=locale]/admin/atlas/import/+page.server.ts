import { fail, redirect } from '@sveltejs/kit';
import { HEADERS, LOCATION_PARTS, MAX_BYTES, MAX_LOCATIONS, MAX_ROWS, REQUIRED_COLUMNS, locationHeader } from '$lib/server/atlas/import/columns';
import { createImport, recentImports } from '$lib/server/atlas/import/service';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'atlas.import');
	return {
		recent: await recentImports(event.locals.actor),
		format: {
			headers: HEADERS,
			required: REQUIRED_COLUMNS,
			locationColumns: LOCATION_PARTS.map((p) => locationHeader(1, p)),
			maxMb: MAX_BYTES / 1024 / 1024,
			maxRows: MAX_ROWS,
			maxLocations: MAX_LOCATIONS
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'atlas.import');
		const form = await event.request.formData();
		const file = form.get('datei');
		const isFile = typeof file === 'object' && file !== null && file.size > 0;
		// A file above the limit is refused before it is read into memory.
		const bytes = isFile && file.size <= MAX_BYTES ? new Uint8Array(await file.arrayBuffer()) : null;
		const result =
			isFile && file.size > MAX_BYTES
				? ({ ok: false, problem: { code: 'import_error_file_too_large', maxMb: MAX_BYTES / 1024 / 1024 } } as const)
				: await createImport(event.locals.actor, { filename: isFile ? file.name : '', bytes, requestId: event.locals.requestId });
		if (!result.ok) return fail(400, { problem: result.problem });
		redirect(303, `/${event.locals.locale}/admin/atlas/import/${result.id}`);
	}
};
