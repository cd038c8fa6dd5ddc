// 作战室 dashboard: the weekly completion chart as plain SVG. Every line is straight segments
// (M/L only): a rate exists per week, nothing between weeks, so no curve may suggest one. A week
// without a value (null) breaks the line; a lone value is drawn as its dot only.
'use strict';

(() => {
  const drawn = new Map();
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const pct = (r) => `${Math.round(r * 100)}%`;

  function draw(el, spec) {
    const W = Math.max(280, Math.round(el.clientWidth || 600));
    const H = 220, L = 40, R = 14, T = 12, B = 26;
    const n = spec.labels.length;
    const x = (i) => L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
    const y = (v) => T + (1 - Math.max(0, Math.min(1, v))) * (H - T - B);
    const f = (v) => v.toFixed(1);
    const grid = [0, 0.5, 1].map((v) => `<line class="grid" x1="${L}" x2="${W - R}" y1="${f(y(v))}" y2="${f(y(v))}"/>`
      + `<text class="y" x="${L - 6}" y="${f(y(v) + 4)}">${pct(v)}</text>`).join('');
    const xs = spec.labels.map((l, i) => `<text class="x" x="${f(x(i))}" y="${H - 6}">${esc(l)}</text>`).join('');
    const thr = spec.threshold === undefined ? ''
      : `<line class="thr" x1="${L}" x2="${W - R}" y1="${f(y(spec.threshold))}" y2="${f(y(spec.threshold))}"/>`
        + `<text class="thr" x="${W - R}" y="${f(y(spec.threshold) - 4)}">${esc(spec.thresholdLabel || '')}</text>`;
    const series = spec.series.map((s) => {
      let d = '';
      let joined = false;
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) { joined = false; return; }
        d += `${joined ? 'L' : 'M'}${f(x(i))},${f(y(v))}`;
        joined = true;
      });
      const dots = s.values.map((v, i) => (v === null || v === undefined ? ''
        : `<circle cx="${f(x(i))}" cy="${f(y(v))}" r="3.5" data-week="${esc(spec.weeks[i])}"><title>${esc(s.name)} ${esc(spec.labels[i])}：${pct(v)}</title></circle>`)).join('');
      return `<g class="series ${esc(s.cls)}" data-series="${esc(s.key)}">${d ? `<path class="line" d="${d}"/>` : ''}${dots}</g>`;
    }).join('');
    el.innerHTML = `<svg class="line-chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title || '')}">${grid}${thr}${xs}${series}</svg>`;
  }

  /** Draws (and redraws on resize) a line chart of weekly rates in [0, 1]. */
  window.lineChart = (el, spec) => {
    drawn.set(el, spec);
    draw(el, spec);
  };
  window.addEventListener('resize', () => drawn.forEach((spec, el) => draw(el, spec)));
})();
