// Live console: one WebSocket (/live/ws), no polling. The server pushes a hello (recent events and counters),
// then new events every 250 ms and counters every second. On a lost connection it reconnects with backoff.
'use strict';
(function () {
  const MAX_ROWS = 500;
  const MAX_USER_ROWS = 50;
  let events = [];
  let paused = false;
  let heldWhilePaused = 0;
  const filters = { node: '', source: '', level: '', category: '' };
  const seen = { node: new Set(), source: new Set(), level: new Set(), category: new Set() };
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  const fmt = (n) => (typeof n === 'number' ? (Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 1 })) : '');
  // Times of day in UTC, like the collector's own log lines.
  const time = (ms) => (ms ? new Date(ms).toISOString().slice(11, 23) : '—');
  function row(cells, attrs) {
    const tr = el('tr');
    for (const c of cells) {
      const td = el('td', c.v, c.cls);
      if (c.name) td.dataset.name = c.name;
      tr.append(td);
    }
    for (const [k, v] of Object.entries(attrs || {})) tr.dataset[k] = v;
    return tr;
  }
  function fill(id, rows, emptyId) {
    const body = document.querySelector(`#${id} tbody`);
    body.replaceChildren(...rows);
    if (emptyId) $(emptyId).hidden = rows.length > 0;
  }

  // ---- events and filters
  function categories(e) {
    return e.category ? e.category.split(', ') : [];
  }
  function matches(e) {
    return (
      (!filters.node || e.host === filters.node) &&
      (!filters.source || e.source === filters.source) &&
      (!filters.level || e.level === filters.level) &&
      (!filters.category || categories(e).includes(filters.category))
    );
  }
  function learn(e) {
    const add = (kind, value) => {
      if (!value || seen[kind].has(value)) return;
      seen[kind].add(value);
      const select = $(`f-${kind}`);
      select.append(new Option(value, value));
    };
    add('node', e.host);
    add('source', e.source);
    add('level', e.level);
    for (const c of categories(e)) add('category', c);
  }
  const eventRow = (e) =>
    row([{ v: time(e.at) }, { v: e.host, name: 'node' }, { v: e.source, name: 'source' }, { v: e.level, cls: `lvl-${e.level}`, name: 'level' }, { v: e.category, name: 'category' }, { v: e.message, cls: 'msg', name: 'message' }]);
  function showCount(shown) {
    $('shown').textContent = `${shown} of ${events.length} recent events${paused ? ` · paused (${heldWhilePaused} new held)` : ''}`;
  }
  // Full rebuild: on a new connection, a filter change and resume.
  function renderEvents() {
    const shown = events.filter(matches).slice(-MAX_ROWS).reverse();
    fill('events', shown.map(eventRow));
    showCount(shown.length);
  }
  // New events only: prepend their rows and trim the oldest (the browser's work follows the sample, not the table).
  function appendEvents(fresh) {
    const body = document.querySelector('#events tbody');
    body.prepend(...fresh.filter(matches).reverse().map(eventRow));
    while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
    showCount(body.rows.length);
  }
  const userRows = [];
  function addEvents(list, rebuild) {
    const fresh = [];
    let users = false;
    for (const e of list) {
      if (e.k === 'user') {
        userRows.unshift(e);
        users = true;
        continue;
      }
      learn(e);
      fresh.push(e);
      if (paused) heldWhilePaused++;
    }
    events.push(...fresh);
    if (userRows.length > MAX_USER_ROWS) userRows.length = MAX_USER_ROWS;
    if (events.length > MAX_ROWS * 4) events = events.slice(-MAX_ROWS * 2);
    if (users || rebuild) fill('users', userRows.map((u) => row([{ v: time(u.at) }, { v: u.host }, { v: u.command, name: 'action' }, { v: u.user, name: 'user' }, { v: u.app }])));
    if (rebuild) renderEvents();
    else if (!paused) appendEvents(fresh);
    else $('shown').textContent = `paused (${heldWhilePaused} new held)`;
  }
  for (const kind of Object.keys(filters)) {
    $(`f-${kind}`).onchange = (ev) => {
      filters[kind] = ev.target.value;
      renderEvents();
    };
  }
  $('pause').onclick = () => {
    paused = !paused;
    heldWhilePaused = 0;
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    renderEvents();
  };

  // ---- counters
  function renderStats(s) {
    fill('ports', s.sockets.map((p) => row([{ v: `${p.port ?? ''} ${p.socket === 'log' ? 'log' : 'user'}` }, { v: fmt(p.receivedPerSec), cls: 'num' }, { v: fmt(p.processedPerSec), cls: 'num' }, { v: fmt(p.droppedPerSec), cls: 'num' }, { v: fmt(p.received), cls: 'num', name: 'received' }, { v: fmt(p.processed), cls: 'num', name: 'processed' }, { v: fmt(p.dropped), cls: 'num', name: 'dropped' }], { socket: p.socket })));
    fill('destinations', s.destinations.map((d) => row([{ v: d.id }, { v: d.up ? 'up' : 'down', cls: d.up ? 'up' : 'down' }, { v: fmt(d.writtenPerSec), cls: 'num' }, { v: fmt(d.droppedPerSec), cls: 'num' }, { v: fmt(d.written), cls: 'num', name: 'written' }, { v: fmt(d.queued), cls: 'num' }, { v: d.spooled === null ? '—' : fmt(d.spooled), cls: 'num' }, { v: time(d.lastSuccessAt) }, { v: d.lastError ? `${time(d.lastError.at)} ${d.lastError.message}` : '—' }], { dest: d.id })));
    const drops = s.drops.filter((d) => d.count > 0);
    fill('drops', drops.map((d) => row([{ v: d.where }, { v: d.reason }, { v: fmt(d.count), cls: 'num' }])), 'no-drops');
    fill('pollers', s.pollers.map((p) => row([{ v: p.server }, { v: time(p.healthAt) }, { v: p.engineVersion }, { v: p.sessions.map((x) => `${x.virtualProxy}: ${x.count}`).join(', ') }, { v: p.lastError ? `${time(p.lastError.at)} ${p.lastError.type}: ${p.lastError.message}` : '—' }])), 'no-pollers');
    const errs = [];
    if (s.errors) {
      for (const [k, n] of Object.entries(s.errors.byType)) errs.push(row([{ v: k }, { v: fmt(n), cls: 'num' }]));
      for (const [k, n] of Object.entries(s.errors.byCategory)) errs.push(row([{ v: `category: ${k}` }, { v: fmt(n), cls: 'num' }]));
      if (s.errors.invalidReports) errs.push(row([{ v: 'invalid reports' }, { v: fmt(s.errors.invalidReports), cls: 'num' }]));
    }
    fill('errors', errs, 'no-errors');
    const sm = s.sampling;
    const r = sm && sm.recent;
    $('sampling').textContent = r
      ? `Sampling: showing ${fmt(r.shown)} of ${fmt(r.shown + r.skipped)} events/s at ${time(r.at)} (at most ${sm.perWorker}/s per parse thread × ${sm.workers}); counters are exact`
      : '';
  }

  // ---- connection
  let delay = 500;
  function connect() {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live/ws`);
    ws.onopen = () => {
      delay = 500;
      $('conn').textContent = 'live';
      $('conn').className = 'badge ok';
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.t === 'hello') {
        events = [];
        userRows.length = 0;
        addEvents(msg.events, true);
        renderStats(msg.stats);
      } else if (msg.t === 'events') addEvents(msg.events, false);
      else if (msg.t === 'stats') renderStats(msg.stats);
    };
    ws.onclose = () => {
      $('conn').textContent = 'reconnecting…';
      $('conn').className = 'badge bad';
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }
  connect();
})();
