import { defineCustomClientStrategy } from '$lib/paraglide/runtime';
import { baseLocale, localeFromPath } from '$lib/i18n';

// In the browser the locale is the first path segment, like on the server.
if (typeof window !== 'undefined') {
	defineCustomClientStrategy('custom-path', {
		getLocale: () => localeFromPath(window.location.pathname) ?? baseLocale,
		setLocale: () => {}
	});
}
