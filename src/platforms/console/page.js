const $ = (s) => document.querySelector(s);
// With CONSOLE_TOKEN set, the page is opened as /?token=…: keep the token for this tab only, take it
// out of the address bar, and send it as a header on every console request (docs/security.md).
const TOKEN = (() => {
  const u = new URL(location.href);
  const t = u.searchParams.get('token');
  if (t) { sessionStorage.setItem('console-token', t); u.searchParams.delete('token'); history.replaceState(null, '', u.pathname + u.search + u.hash); }
  return sessionStorage.getItem('console-token') || '';
})();
const auth = TOKEN ? { 'x-console-token': TOKEN } : {};
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || r.statusText);
  return j;
}
function add(html, me) {
  const d = document.createElement('div');
  d.className = 'msg' + (me ? ' me' : '');
  d.innerHTML = html;
  $('#log').appendChild(d);
  d.scrollIntoView();
  return d;
}
function renderCard(r) {
  let h = `<div class="card"><div class="title c-${r.colour}">${esc(r.title)}</div><div class="body">`;
  // The headline (the card's key figure) first and large; emphasised field values bold, coloured by good/bad.
  if (r.headline) h += `<div class="headline">${esc(r.headline.label)} <strong class="e-${r.headline.emphasis || 'blue'}">${esc(r.headline.value)}</strong></div>`;
  for (const l of r.lines || []) h += `<div>${esc(l)}</div>`;
  for (const f of r.fields || []) h += `<div class="field"><b>${esc(f.label)}：</b>${f.emphasis ? `<strong class="e-${f.emphasis}">${esc(f.value)}</strong>` : esc(f.value)}</div>`;
  if (r.table) {
    h += '<table><tr>' + r.table.columns.map((c) => `<th>${esc(c)}</th>`).join('') + '</tr>';
    r.table.rows.forEach((row, i) => {
      h += '<tr>' + row.map((c, j) => { const col = r.table.colours?.[i]?.[j]; return `<td class="${col ? 't-' + col : ''}">${esc(c)}</td>`; }).join('') + '</tr>';
    });
    h += '</table>';
  }
  if (r.chart) h += renderChart(r.chart);
  if (r.note) h += `<div class="note">${esc(r.note)}</div>`;
  if (r.buttons?.length) h += '<div class="buttons">' + r.buttons.map((b, i) => `<button data-i="${i}" class="${b.style || ''}">${esc(b.label)}</button>`).join('') + '</div>';
  return h + '</div></div>';
}
// The card's chart (the Monday trend) as inline SVG: gaps where a week had nothing due, the
// threshold as a dashed red line, each point's value in its tooltip.
function renderChart(c) {
  const W = 360, H = 130, L = 30, R = 20, T = 12, B = 22;
  const max = Math.max(c.unit === '%' ? 100 : 1, c.threshold ? c.threshold.value : 0, ...c.points.map((p) => p.value ?? 0));
  const x = (i) => L + (i * (W - L - R)) / Math.max(1, c.points.length - 1);
  const y = (v) => T + (1 - v / max) * (H - T - B);
  let d = '', pen = false, dots = '';
  c.points.forEach((p, i) => {
    if (p.value === null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)} `;
    pen = true;
    dots += `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3"><title>${esc(p.label)}：${p.value}${esc(c.unit || '')}</title></circle>`;
  });
  const labels = c.points.map((p, i) => `<text x="${x(i).toFixed(1)}" y="${H - 6}" text-anchor="middle">${esc(p.label)}</text>`).join('');
  const thr = c.threshold ? `<line class="thr" x1="${L}" x2="${W - R}" y1="${y(c.threshold.value).toFixed(1)}" y2="${y(c.threshold.value).toFixed(1)}"/>`
    + `<text x="${L - 4}" y="${(y(c.threshold.value) + 3).toFixed(1)}" text-anchor="end">${esc(String(c.threshold.value))}</text>` : '';
  return `<div class="chart-title">${esc(c.title)}${c.threshold ? ` · ${esc(c.threshold.label)}` : ''}</div>`
    + `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(c.title)}">${thr}<path d="${d.trim()}"/>${dots}${labels}</svg>`;
}
function show(replies) {
  for (const { reply } of replies) {
    if (reply.kind === 'text') { add(`<div class="bubble">${esc(reply.text)}</div>`); continue; }
    const el = add(renderCard(reply));
    el.querySelectorAll('button[data-i]').forEach((btn) => btn.onclick = async () => {
      const b = reply.buttons[Number(btn.dataset.i)];
      if (b.url) { window.open(b.url, '_blank', 'noopener'); return; }
      try { show((await post('/console/actions', { as: $('#who').value, action: b.action, value: b.value })).replies); }
      catch (e) { add(`<div class="bubble">⚠️ ${esc(e.message)}</div>`); }
    });
  }
}
$('#f').onsubmit = async (e) => {
  e.preventDefault();
  const text = $('#t').value.trim();
  if (!text) return;
  $('#t').value = '';
  add(`<div class="bubble">${esc($('#who').value)}：${esc(text)}</div>`, true);
  try { show((await post('/console/messages', { as: $('#who').value, text })).replies); }
  catch (err) { add(`<div class="bubble">⚠️ ${esc(err.message)}</div>`); }
};
fetch('/console/members', { headers: auth }).then((r) => r.json()).then(({ members }) => {
  const role = { rep: '销售', manager: '主管', admin: '管理员' };
  $('#who').innerHTML = members.map((m) => `<option value="${esc(m.name)}">${esc(m.name)}（${role[m.role]}）</option>`).join('');
  const li = members.find((m) => m.name === '小李');
  if (li) $('#who').value = li.name;
});
// Messages that jobs push (the Monday report, warnings, reminders) arrive in /console/inbox;
// show each new one once, labelled with where it went (the group or a member's DM).
let seenPushed = 0;
async function pollInbox() {
  try {
    const { messages } = await (await fetch('/console/inbox', { headers: auth })).json();
    for (const m of messages.slice(seenPushed)) {
      add(`<div class="note">📣 ${m.target.kind === 'chat' ? '群消息' : '私聊 → ' + esc(m.target.id)}</div>`);
      show([m]);
    }
    seenPushed = messages.length;
  } catch { /* the server restarts: try again on the next poll */ }
}
setInterval(pollInbox, 5000);
pollInbox();
