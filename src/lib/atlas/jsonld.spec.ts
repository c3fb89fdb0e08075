import { describe, expect, it } from 'vitest';
import { jsonLdScript } from './jsonld';

describe('jsonLdScript', () => {
	it('escapes "<" so provider text cannot close the data block', () => {
		const tag = jsonLdScript({ name: 'Café </script><script>alert(1)</script>' });
		expect(tag.startsWith('<script type="application/ld+json">')).toBe(true);
		expect(tag.match(/<\/script>/g)).toHaveLength(1);
		expect(tag.endsWith('</script>')).toBe(true);
		const json = tag.slice('<script type="application/ld+json">'.length, -'</script>'.length);
		expect(JSON.parse(json)).toEqual({ name: 'Café </script><script>alert(1)</script>' });
	});
});
