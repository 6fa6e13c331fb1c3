/**
 * The HTML report's only script: the findings table over the packed rows (see html-table-data.ts).
 * Virtual scrolling: the page holds the rows as data and only the rows in view have DOM, so the table
 * stays fast at hundreds of thousands of rows. Sorting and filtering work on an index array with
 * integer keys (dictionary entries are ranked once). Every value is written with `textContent`, never
 * as HTML; a link's address comes only from orgmfa's own control definitions and must be https.
 *
 * Plain ES2017 in a string, not a compiled TypeScript function: the page must not depend on how the
 * build transforms a function's source. The page's CSP allows exactly this text by its hash.
 */
export const TABLE_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var c = data.columns;
  var ROW = 28;
  var STATUS = ['FAILED', 'EXEMPT'];
  var viewport = document.getElementById('findings-viewport');
  var body = document.getElementById('findings-body');
  var shown = document.getElementById('findings-shown');
  var detail = document.getElementById('finding-detail');
  var inputs = {
    severity: document.getElementById('filter-severity'),
    control: document.getElementById('filter-control'),
    status: document.getElementById('filter-status'),
    text: document.getElementById('filter-text')
  };

  function account(i) { return data.accounts[c.account[i]]; }
  function fill(template, i) {
    var parts = data.templates[template];
    var out = '';
    for (var k = 0; k < parts.length; k++) {
      var part = parts[k];
      out += part === 0 ? data.resources[c.resource[i]] : part === 1 ? account(i)[0] : part;
    }
    return out;
  }
  function findingId(i) {
    var id = c.findingId[i];
    if (id.charAt(0) === '!') return id.slice(1);
    return 'orgmfa/' + account(i)[0] + '/' + data.controls[c.control[i]].id + '/' + id;
  }
  function ranks(values) {
    var index = values.map(function (_, i) { return i; });
    index.sort(function (a, b) { return values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0; });
    var rank = new Int32Array(values.length);
    for (var k = 0; k < index.length; k++) rank[index[k]] = k;
    return rank;
  }
  var rank = {
    account: ranks(data.accounts.map(function (a) { return a[0]; })),
    name: ranks(data.accounts.map(function (a) { return a[1] === null ? '' : a[1]; })),
    resource: ranks(data.resources),
    title: ranks(data.controls.map(function (control) { return control.title; }))
  };
  var KEYS = {
    severity: function (i) { return c.severity[i]; },
    control: function (i) { return c.control[i]; },
    account: function (i) { return rank.account[c.account[i]]; },
    name: function (i) { return rank.name[c.account[i]]; },
    resource: function (i) { return rank.resource[c.resource[i]]; },
    title: function (i) { return rank.title[c.control[i]]; },
    status: function (i) { return c.status[i]; }
  };
  var sort = { key: null, direction: 1 };
  var order = [];

  function sortOrder() {
    if (sort.key === null) { order.sort(function (a, b) { return a - b; }); return; }
    var key = KEYS[sort.key];
    var direction = sort.direction;
    // Ties keep the report's order (severity, account, resource): the row index.
    order.sort(function (a, b) { return (key(a) - key(b)) * direction || a - b; });
  }

  function matches(values, text) {
    var ok = new Uint8Array(values.length);
    for (var k = 0; k < values.length; k++) if (values[k].toLowerCase().indexOf(text) >= 0) ok[k] = 1;
    return ok;
  }

  function applyFilter() {
    var severity = inputs.severity.value === '' ? -1 : Number(inputs.severity.value);
    var control = inputs.control.value === '' ? -1 : Number(inputs.control.value);
    var status = inputs.status.value === '' ? -1 : Number(inputs.status.value);
    var text = inputs.text.value.trim().toLowerCase();
    var accountOk = null;
    var resourceOk = null;
    if (text !== '') {
      accountOk = matches(data.accounts.map(function (a) { return a.join(' '); }), text);
      resourceOk = matches(data.resources, text);
    }
    var out = [];
    for (var i = 0; i < data.count; i++) {
      if (severity >= 0 && c.severity[i] !== severity) continue;
      if (control >= 0 && c.control[i] !== control) continue;
      if (status >= 0 && c.status[i] !== status) continue;
      if (accountOk !== null && !accountOk[c.account[i]] && !resourceOk[c.resource[i]]) continue;
      out.push(i);
    }
    order = out;
    sortOrder();
    viewport.scrollTop = 0;
    render();
  }

  var pool = [];
  function makeRow() {
    var row = document.createElement('div');
    row.className = 'trow';
    row.setAttribute('role', 'row');
    row.tabIndex = 0;
    for (var k = 0; k < 7; k++) {
      var cell = document.createElement('span');
      cell.setAttribute('role', 'cell');
      row.appendChild(cell);
    }
    row.addEventListener('click', function () { select(Number(row.getAttribute('data-index'))); });
    row.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') select(Number(row.getAttribute('data-index')));
    });
    body.appendChild(row);
    return row;
  }
  function put(cell, text) { cell.textContent = text; cell.title = text; }

  var selected = -1;
  function render() {
    body.style.height = order.length * ROW + 'px';
    shown.textContent = String(order.length);
    var first = Math.floor(viewport.scrollTop / ROW);
    var visible = Math.ceil(viewport.clientHeight / ROW) + 1;
    while (pool.length < visible) pool.push(makeRow());
    for (var k = 0; k < pool.length; k++) {
      var row = pool[k];
      var position = first + k;
      if (k >= visible || position >= order.length) { row.hidden = true; continue; }
      var i = order[position];
      var a = account(i);
      var severity = data.severities[c.severity[i]];
      row.hidden = false;
      row.style.transform = 'translateY(' + position * ROW + 'px)';
      row.setAttribute('data-index', String(i));
      row.setAttribute('aria-rowindex', String(position + 2));
      row.classList.toggle('selected', i === selected);
      var cells = row.children;
      put(cells[0], severity);
      cells[0].className = 'sev sev-' + severity;
      put(cells[1], data.controls[c.control[i]].id);
      put(cells[2], a[0]);
      put(cells[3], a[1] === null ? '' : a[1]);
      put(cells[4], data.resources[c.resource[i]]);
      put(cells[5], data.controls[c.control[i]].title);
      put(cells[6], STATUS[c.status[i]]);
    }
  }

  function term(list, name, value) {
    var dt = document.createElement('dt');
    dt.textContent = name;
    var dd = document.createElement('dd');
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
    list.appendChild(dt);
    list.appendChild(dd);
  }
  function select(i) {
    selected = i;
    var a = account(i);
    var control = data.controls[c.control[i]];
    var list = document.createElement('dl');
    term(list, 'Severity', data.severities[c.severity[i]]);
    term(list, 'Control', control.id + ': ' + control.title);
    term(list, 'Status', STATUS[c.status[i]]);
    term(list, 'Account', a[0] + (a[1] === null ? '' : ' (' + a[1] + ')'));
    if (a[2] !== null) term(list, 'OU', a[2]);
    term(list, 'Resource', fill(c.resourceId[i], i));
    term(list, 'Detail', fill(c.detail[i], i));
    if (c.reason[i] >= 0) term(list, 'Exemption reason', data.reasons[c.reason[i]]);
    if (c.status[i] === 1) term(list, 'Exempt until', c.until[i] >= 0 ? data.untils[c.until[i]] : 'no end date');
    term(list, 'Remediation', control.remediation);
    if (control.url.indexOf('https://') === 0) {
      var link = document.createElement('a');
      link.href = control.url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      link.textContent = control.url;
      term(list, 'Documentation', link);
    }
    term(list, 'Finding id', findingId(i));
    detail.replaceChildren(list);
    detail.hidden = false;
    render();
  }

  var headers = document.querySelectorAll('#findings-head button[data-sort]');
  Array.prototype.forEach.call(headers, function (button) {
    button.addEventListener('click', function () {
      var key = button.getAttribute('data-sort');
      sort.direction = sort.key === key ? -sort.direction : 1;
      sort.key = key;
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
      button.setAttribute('aria-sort', sort.direction === 1 ? 'ascending' : 'descending');
      sortOrder();
      render();
    });
  });
  ['severity', 'control', 'status'].forEach(function (name) { inputs[name].addEventListener('change', applyFilter); });
  inputs.text.addEventListener('input', applyFilter);
  var pending = false;
  viewport.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  });
  document.getElementById('findings-interactive').hidden = false;
  applyFilter();
  document.documentElement.setAttribute('data-table', 'ready');
})();
`;
