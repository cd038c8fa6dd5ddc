// 作战室 dashboard page: plain browser JavaScript, no build step. Reads the signed token from the
// address (?t=) and passes it to every API call; ECharts is the global from /warroom/assets.
'use strict';

const token = new URLSearchParams(location.search).get('t') || '';
const q = (path, extra = '') => `/warroom/api/${path}?t=${encodeURIComponent(token)}${extra}`;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOURS = { green: '绿', yellow: '黄', red: '红' };
const ROLES = { rep: '销售', manager: '主管', admin: '管理员' };
const charts = [];

function money(fen) {
  const y = fen / 100, a = Math.abs(y), t = (n, d) => String(Number(n.toFixed(d)));
  if (a >= 1e8) return `${t(y / 1e8, 2)}亿`;
  if (a >= 1e4) return `${t(y / 1e4, 1)}万`;
  return `${t(y, 2)}元`;
}
const pct = (r) => (r === null || r === undefined ? '—' : `${Math.round(r * 100)}%`);

async function api(path, extra) {
  const res = await fetch(q(path, extra));
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || `请求失败（${res.status}）`);
  return body;
}

function chart(el, option) {
  if (!window.echarts) { el.textContent = '图表库未加载'; return; }
  const c = echarts.init(el, 'dark', { renderer: 'canvas' });
  c.setOption({ backgroundColor: 'transparent', textStyle: { fontFamily: 'system-ui, "PingFang SC", sans-serif' }, ...option });
  charts.push(c);
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

function renderHeat(h) {
  $('heat-totals').innerHTML = ['green', 'yellow', 'red']
    .map((c) => `<span><i class="dot ${c}"></i>${COLOURS[c]} ${h.totals[c]}</span>`).join('');
  const head = `<tr><th></th>${h.reps.map((r) => `<th>${esc(r.name)}</th>`).join('')}</tr>`;
  const rows = h.stages.map((s) => `<tr><th>${esc(s.label)}</th>${h.reps.map((r) => {
    const cell = h.cells.find((c) => c.stage === s.code && c.repId === r.id);
    if (!cell) return '<td></td>';
    const n = (c) => (cell[c] ? `<span class="n">${cell[c]}${COLOURS[c]}</span>` : '');
    return `<td class="heat-cell ${cell.colour}" data-stage="${s.code}" data-rep="${r.id}" title="${esc(s.label)} · ${esc(r.name)}">${n('red')}${n('yellow')}${n('green')}</td>`;
  }).join('')}</tr>`).join('');
  $('heat-grid').innerHTML = head + rows;
  $('heat-grid').onclick = (e) => {
    const td = e.target.closest('.heat-cell');
    if (!td) return;
    document.querySelectorAll('.heat-cell.selected').forEach((x) => x.classList.remove('selected'));
    td.classList.add('selected');
    const cell = h.cells.find((c) => c.stage === td.dataset.stage && String(c.repId) === td.dataset.rep);
    const rep = h.reps.find((r) => String(r.id) === td.dataset.rep);
    const stage = h.stages.find((s) => s.code === td.dataset.stage);
    $('heat-detail').hidden = false;
    $('heat-detail').innerHTML = `<h3>${esc(rep.name)} · ${esc(stage.label)}（${cell.customers.length} 家）</h3><ul>${cell.customers
      .map((c) => `<li class="customer"><i class="dot ${c.colour}"></i><b>${esc(c.name)}</b> <span class="muted">${esc(c.reason)}</span></li>`).join('')}</ul>`;
  };
}

function renderBoard(b) {
  const label = (w) => (w === b.current ? '本周' : w.slice(5));
  const arrow = { up: '↑', down: '↓', flat: '→' };
  const cell = (p) => `<td class="rate ${p.rate === null ? '' : p.rate < b.threshold ? 'low' : 'ok'}" title="${p.done}/${p.due}">${pct(p.rate)}</td>`;
  const rows = b.rows.map((r) => `<tr><th>${esc(r.name)}</th>${r.points.map(cell).join('')}<td>${arrow[r.trend] || ''}</td></tr>`);
  if (b.region) rows.push(`<tr><th>区域合计</th>${b.region.map(cell).join('')}<td></td></tr>`);
  const few = `当周半数以上销售的待办少于 ${b.medianMinItems} 项，中位数没有意义`;
  rows.push(`<tr class="median"><th>团队中位数</th>${b.teamMedian.map((p) => (p.shown ? `<td>${pct(p.rate)}</td>` : `<td class="muted" title="${few}">—</td>`)).join('')}<td></td></tr>`);
  const head = b.weeks.map((w) => `<th data-week="${w}"${w === b.current ? ' class="current"' : ''}>${label(w)}</th>`).join('');
  $('board-table').innerHTML = `<tr><th></th>${head}<th>趋势</th></tr>${rows.join('')}`;
  // On a phone the newest weeks (this week and last) are in view; older ones scroll in from the left.
  $('board-scroll').scrollLeft = $('board-scroll').scrollWidth;
  const own = b.region ? { key: 'region', name: '区域', values: b.region.map((p) => p.rate) }
    : { key: 'own', name: b.rows[0]?.name || '我', values: b.rows[0]?.points.map((p) => p.rate) || [] };
  const median = { key: 'median', name: '团队中位数', cls: 'median', values: b.teamMedian.map((p) => (p.shown ? p.rate : null)) };
  $('board-legend').innerHTML = `<span><i class="swatch own"></i>${esc(own.name)}</span><span><i class="swatch median"></i>团队中位数（只画半数以上销售当周有 ≥${b.medianMinItems} 项待办的周）</span>`
    + `<span><i class="swatch thr"></i>预警线 ${pct(b.threshold)}</span>`;
  lineChart($('board-chart'), {
    title: '完成率按周', weeks: b.weeks, labels: b.weeks.map(label), series: [{ ...own, cls: 'own' }, median],
    threshold: b.threshold, thresholdLabel: `预警线 ${pct(b.threshold)}`,
  });
}

function renderForecast(f) {
  const basis = f.band.basis === 'backtest' ? '回测误差' : '默认区间';
  const split = f.split ? ` · 应收 ${money(f.split.receivablesFen)} + 新订单 ${money(f.split.newOrdersFen)}${f.split.historyFen ? ` + 按历史 ${money(f.split.historyFen)}` : ''}` : '';
  $('forecast-total').innerHTML = `${money(f.totalFen)} <small>区间 ${money(f.band.lowFen)}–${money(f.band.highFen)}（±${Math.round(f.band.ratio * 100)}%，${basis}）· ${f.asOf} 起${split}</small>`;
  const cats = [...f.history.windows.map((w) => w.label), '未来90天'];
  const wan = (fen) => Math.round(fen / 1e6); // 分 -> 万元
  chart($('forecast-chart'), {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: cats }, yAxis: { type: 'value', name: '万元' },
    series: [
      { name: '实际回款', type: 'bar', data: [...f.history.windows.map((w) => wan(w.fen)), null], itemStyle: { color: '#3b82f6' } },
      { name: '预测区间', type: 'candlestick', data: [...f.history.windows.map(() => '-'), [wan(f.band.lowFen), wan(f.band.highFen), wan(f.band.lowFen), wan(f.band.highFen)]],
        itemStyle: { color: 'rgba(234,179,8,.35)', color0: 'rgba(234,179,8,.35)', borderColor: '#eab308', borderColor0: '#eab308' } },
      { name: '预测', type: 'scatter', symbolSize: 14, data: [...f.history.windows.map(() => null), wan(f.totalFen)], itemStyle: { color: '#eab308' },
        markLine: { symbol: 'none', data: [{ yAxis: wan(f.history.lastYear.fen), name: '去年同期' }], label: { formatter: '去年同期', position: 'insideStartTop' }, lineStyle: { type: 'dashed' } } },
    ],
  });
  const li = (xs, fn) => `<ol>${xs.map(fn).join('')}</ol>`;
  const parts = (p) => `<li>${esc(p.label)}：${p.fen !== undefined ? money(p.fen) : `×${p.factor.toFixed(2)}`}</li>`;
  const blocks = [
    `<div><h3>主要贡献</h3>${li(f.contributors, (c) => `<li>${esc(c.name)} ${money(c.totalFen)}（${Math.round(c.share * 100)}%）</li>`)}</div>`,
    `<div><h3>风险客户</h3>${f.risks.length ? li(f.risks, (r) => `<li>${esc(r.name)}：${esc(r.reason)}</li>`) : '<p class="muted">无</p>'}</div>`,
    `<div><h3>${f.byRep ? '按销售' : '我与团队'}</h3>${f.byRep ? li(f.byRep, (r) => `<li>${esc(r.name)} ${money(r.totalFen)}</li>`)
      : `<p>团队人均中位数 ${money(f.teamMedianFen || 0)}</p>`}</div>`,
    `<div><h3>每家客户怎么算</h3>${f.customers.map((c) => `<details><summary>${esc(c.name)} ${money(c.totalFen)}</summary><ul>${c.parts.map(parts).join('')}</ul></details>`).join('')}</div>`,
  ];
  $('forecast-lists').innerHTML = blocks.join('');
}

const signedGap = (v) => (v > 0 ? `缺 ${money(v)}` : `超 ${money(-v)}`);
const weekLine = (c) => (c.due === 0 ? '无待办' : `完成 ${c.done}/${c.due}（${pct(c.rate)}）`);
const kpi = (cls, label, value, note) => `<div class="kpi ${cls}"><span class="label">${label}</span><b class="value">${value}</b><small>${note}</small></div>`;

function quarterBlock(o, r, many) {
  const t = r.target;
  const target = t.targetFen === null ? kpi('target', '季度目标', '—', '尚未设定或发布')
    : kpi('target', '季度目标', money(t.targetFen), t.source === 'year' ? `全年 ${money(t.yearFen)} ÷ 4` : `${o.quarter} 目标`);
  const share = t.targetFen ? `达成 ${pct(r.collectedFen / t.targetFen)} · ` : '';
  const collected = kpi('collected', '已回款', money(r.collectedFen), `${share}${o.from.slice(5)} 至今`);
  const f = r.forecast;
  const forecast = kpi('forecast', `预测回款（至季末 ${f.to.slice(5)}）`, money(f.totalFen), `区间 ${money(f.band.lowFen)}–${money(f.band.highFen)} · 今天起 ${o.horizonDays} 天`);
  const g = r.gap;
  const gap = g === null ? kpi('gap', '缺口', '—', '有目标后显示')
    : kpi(`gap ${g.fen > 0 ? 'short' : 'over'}`, g.fen > 0 ? '缺口' : '预计超出', money(Math.abs(g.fen)), `目标 − 已回款 − 至季末预测；按区间 ${signedGap(g.highFen)} ~ ${signedGap(g.lowFen)}`);
  const warned = r.warnings.map((w) => `<li class="warned"><b>${esc(w.name)}</b> ${w.weeks.map((x) => `<span class="wk">${x.week.slice(5)} 周 <em>${pct(x.rate)}</em></span>`).join(' ')}${w.sent ? ' <small class="muted">已发预警</small>' : ''}</li>`).join('');
  const rule = `连续 ${o.warningRule.streak} 周低于 ${pct(o.warningRule.threshold)}`;
  return `<div class="quarter" data-region="${r.regionId}">${many ? `<h3>${esc(r.region)}</h3>` : ''}<div class="kpis">${target}${collected}${forecast}${gap}</div>`
    + `<div class="ov-row"><div class="ov-warnings"><h3>预警 <small class="muted">${rule}</small></h3>${warned ? `<ul>${warned}</ul>` : '<p class="muted">无人预警</p>'}</div>`
    + `<div class="ov-week"><h3>本周 <small class="muted">${o.week.slice(5)} 起</small></h3><p><b>${weekLine(r.thisWeek)}</b> <span class="muted">· 上周 ${weekLine(r.lastWeek)}</span></p></div></div></div>`;
}

function renderOverview(o) {
  $('ov-quarter').textContent = `${o.quarter}（${o.from.slice(5)} ~ ${o.to.slice(5)}）`;
  $('ov-regions').innerHTML = o.regions.map((r) => quarterBlock(o, r, o.regions.length > 1)).join('') || '<p class="muted">还没有区域</p>';
}

async function renderMap(repId) {
  const m = await api('map.json', `&rep=${repId}`);
  const draft = m.targetStatus === 'draft' ? '（草稿，未发布，销售看不到）' : '';
  $('map-target').textContent = m.targetStatus === 'unpublished' ? '主管还没有发布本期目标；发布后这里显示目标和客户预期贡献'
    : m.targetFen === null ? '尚未设定区域目标' : `${m.period} 目标 ${money(m.targetFen)}${draft}：${m.targetReason}`;
  $('map-stages').innerHTML = m.stages.map((s) => `<div class="stage"><h4>${esc(s.label)}（${s.customers.length}）</h4><ul>${s.customers
    .map((c) => `<li><i class="dot ${c.colour}"></i>${esc(c.name)} <span class="muted">${c.expectedFen === null ? '' : `预期贡献 ${money(c.expectedFen)}`}</span></li>`).join('')}</ul></div>`).join('');
  $('map-quarter').textContent = `${m.quarter.quarter}（${m.quarter.from} ~ ${m.quarter.to}）`;
  const mark = (i) => (i.status === 'done' ? '✓' : i.overdue ? '!' : '○');
  $('map-weeks').innerHTML = m.quarter.weeks.map((w) => `<div class="week ${w.current ? 'current' : ''}"><b>${w.week.slice(5)}</b> <span class="muted">${w.done}/${w.due}</span>${w.items
    .map((i) => `<div class="item ${i.status === 'done' ? 'done' : i.overdue ? 'overdue' : 'open'}">${mark(i)} ${esc(i.customer)} · ${esc(i.action)}</div>`).join('')}</div>`).join('');
}

function renderExcel(s) {
  $('export-links').innerHTML = s.exports.map((e) => `<a class="button" href="${q(`export/${e.kind}.xlsx`)}">${esc(e.label)} .xlsx</a>${e.csv
    ? `<a class="button" href="${q(`export/${e.kind}.csv`)}">${esc(e.label)} .csv</a>` : ''}`).join('');
  $('template-link').href = q('template.xlsx');
  let file = null;
  const run = async (dry) => {
    const res = await fetch(q('import.json', dry ? '&dry=1' : ''), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
    const r = await res.json();
    const sum = Object.entries(r.summary || {}).map(([k, c]) => `${k}：新增 ${c.create}，更新 ${c.update}，不变 ${c.unchanged}`).join('；');
    const probs = (r.problems || []).map((p) => `<li>${esc(p.sheet)}${p.row ? ` 第 ${p.row} 行` : ''}${p.column ? `「${esc(p.column)}」列` : ''}：${esc(p.reason)}</li>`).join('');
    const changes = (r.changes || []).slice(0, 200).map((c) => `<li>${c.label} ${esc(c.sheet)} ${esc(c.key)} ${esc(c.details.join('；'))}</li>`).join('');
    const head = r.error ? esc(r.error) : r.problems.length ? `发现 ${r.problems.length} 个问题，不会导入任何数据` : r.applied ? '已导入' : '预演结果（尚未写入）';
    $('import-result').innerHTML = `<h3>${head}</h3><p>${sum}</p><ul class="problems">${probs}</ul><ul class="changes">${changes}</ul>`;
    $('import-apply').hidden = !(dry && r.ok && r.changes.length > 0);
    if (r.applied) setTimeout(() => location.reload(), 1500);
  };
  $('import-file').onchange = (e) => { file = e.target.files[0]; if (file) run(true); };
  $('import-apply').onclick = () => file && run(false);
}

async function main() {
  try {
    const s = await api('summary.json');
    $('region').textContent = s.regions.join('、');
    $('who').textContent = `${s.viewer.name}（${ROLES[s.viewer.role]}）`;
    $('today').textContent = s.today;
    document.querySelectorAll('.manager-only').forEach((el) => { el.hidden = !s.canManage; });
    // The first screen first: it is drawn while the rest is still loading.
    const first = api('quarter.json');
    const rest = Promise.all([api('heat.json'), api('board.json'), api('forecast.json')]);
    renderOverview(await first);
    const [heat, board, forecast] = await rest;
    renderHeat(heat);
    renderBoard(board);
    renderForecast(forecast);
    const sel = $('map-rep');
    if (s.reps.length > 1) {
      sel.hidden = false;
      sel.innerHTML = s.reps.map((r) => `<option value="${r.id}">${esc(r.name)}</option>`).join('');
      sel.onchange = () => renderMap(sel.value);
    }
    if (s.reps.length) await renderMap(s.reps[0].id);
    if (s.canManage) renderExcel(s);
    document.body.dataset.ready = '1';
  } catch (err) {
    $('error').hidden = false;
    $('error').textContent = err.message;
  }
}
main();
