// A small hand-written SVG line chart (no dependency): numeric x and y axes with round ticks, one polyline
// per series with its points marked, a legend. Dashed series are references (e.g. "linear from the first point").
export interface Series { name: string; points: { x: number; y: number }[]; color: string; dashed?: boolean }
export interface Chart { title: string; xLabel: string; yLabel: string; series: Series[]; width?: number; height?: number }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round tick step for a range: 1, 2 or 5 times a power of ten, about five ticks. */
function step(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

const label = (v: number) => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(2)}`);

export function lineChart(c: Chart): string {
  const W = c.width ?? 720;
  const H = c.height ?? 420;
  const m = { left: 70, right: 20, top: 48, bottom: 60 };
  const pts = c.series.flatMap((s) => s.points);
  const xs = step(Math.max(...pts.map((p) => p.x), 1));
  const ys = step(Math.max(...pts.map((p) => p.y), 1e-9));
  const xMax = Math.ceil(Math.max(...pts.map((p) => p.x), 1) / xs) * xs;
  const yMax = Math.ceil(Math.max(...pts.map((p) => p.y), 1e-9) / ys) * ys;
  const X = (x: number) => m.left + (x / xMax) * (W - m.left - m.right);
  const Y = (y: number) => H - m.bottom - (y / yMax) * (H - m.top - m.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(c.title)}</text>`,
  ];
  for (let v = 0; v <= yMax + ys / 2; v += ys) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" fill="#444">${label(v)}</text>`);
  }
  for (let v = 0; v <= xMax + xs / 2; v += xs) {
    out.push(`<line x1="${X(v).toFixed(1)}" x2="${X(v).toFixed(1)}" y1="${H - m.bottom}" y2="${H - m.bottom + 5}" stroke="#444"/>`,
      `<text x="${X(v).toFixed(1)}" y="${H - m.bottom + 18}" text-anchor="middle" fill="#444">${label(v)}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#444"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#444"/>`,
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 16}" text-anchor="middle">${esc(c.xLabel)}</text>`,
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  c.series.forEach((s, i) => {
    const d = s.points.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${d}"/>`);
    if (!s.dashed) for (const p of s.points) out.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}: ${label(p.x)} → ${label(p.y)}`)}</title></circle>`);
    const ly = m.top + 8 + i * 18;
    out.push(`<line x1="${m.left + 12}" x2="${m.left + 36}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${m.left + 42}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}
