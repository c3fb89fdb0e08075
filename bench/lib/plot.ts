/** A small, dependency-free SVG line chart: search p95 against data-set size (log scale). */
export interface Series {
	label: string;
	points: { size: number; value: number }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function plotSvg(title: string, yLabel: string, series: Series[], target?: { value: number; label: string }): string {
	const w = 640;
	const h = 360;
	const m = { top: 40, right: 160, bottom: 50, left: 60 };
	const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.size)))].sort((a, b) => a - b);
	const values = series.flatMap((s) => s.points.map((p) => p.value)).concat(target ? [target.value] : []);
	const yMax = Math.max(1, ...values.filter(Number.isFinite)) * 1.15;
	const lx = (size: number) => {
		if (sizes.length < 2) return m.left + (w - m.left - m.right) / 2;
		const a = Math.log10(sizes[0]!);
		const b = Math.log10(sizes[sizes.length - 1]!);
		return m.left + ((Math.log10(size) - a) / (b - a)) * (w - m.left - m.right);
	};
	const ly = (v: number) => h - m.bottom - (v / yMax) * (h - m.top - m.bottom);
	const colours = ['#1b5e9e', '#b04a00', '#2e7d32', '#6a1b9a'];
	const parts: string[] = [];
	parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="t"><title id="t">${esc(title)}</title>`);
	parts.push(`<rect width="${w}" height="${h}" fill="#fff"/>`);
	parts.push(`<text x="${m.left}" y="24" font-family="sans-serif" font-size="15" fill="#111">${esc(title)}</text>`);
	for (let i = 0; i <= 4; i++) {
		const v = (yMax / 4) * i;
		parts.push(`<line x1="${m.left}" x2="${w - m.right}" y1="${ly(v)}" y2="${ly(v)}" stroke="#ddd"/>`);
		parts.push(`<text x="${m.left - 8}" y="${ly(v) + 4}" text-anchor="end" font-family="sans-serif" font-size="11" fill="#333">${v.toFixed(v < 10 ? 1 : 0)}</text>`);
	}
	for (const size of sizes) {
		parts.push(`<text x="${lx(size)}" y="${h - m.bottom + 18}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#333">${size.toLocaleString('en')}</text>`);
	}
	parts.push(`<text x="${(m.left + w - m.right) / 2}" y="${h - 12}" text-anchor="middle" font-family="sans-serif" font-size="12" fill="#111">atlas entries (log scale)</text>`);
	parts.push(`<text transform="translate(16 ${(m.top + h - m.bottom) / 2}) rotate(-90)" text-anchor="middle" font-family="sans-serif" font-size="12" fill="#111">${esc(yLabel)}</text>`);
	if (target) {
		parts.push(`<line x1="${m.left}" x2="${w - m.right}" y1="${ly(target.value)}" y2="${ly(target.value)}" stroke="#c62828" stroke-dasharray="6 4"/>`);
		parts.push(`<text x="${w - m.right + 6}" y="${ly(target.value) + 4}" font-family="sans-serif" font-size="11" fill="#c62828">${esc(target.label)}</text>`);
	}
	series.forEach((s, i) => {
		const c = colours[i % colours.length]!;
		const pts = s.points.filter((p) => Number.isFinite(p.value)).map((p) => `${lx(p.size)},${ly(p.value)}`);
		if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(' ')}"/>`);
		for (const p of s.points) if (Number.isFinite(p.value)) parts.push(`<circle cx="${lx(p.size)}" cy="${ly(p.value)}" r="3.5" fill="${c}"/>`);
		parts.push(`<text x="${w - m.right + 6}" y="${m.top + 16 + i * 18}" font-family="sans-serif" font-size="12" fill="${c}">${esc(s.label)}</text>`);
	});
	parts.push('</svg>');
	return parts.join('\n') + '\n';
}
