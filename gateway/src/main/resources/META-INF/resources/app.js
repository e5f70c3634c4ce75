/*
 * The SSI web pages. The browser logs in through the identity provider's public client (authorization code flow with
 * PKCE, S256), keeps the tokens in this tab's sessionStorage, and calls the same /api/v1 paths as any REST client
 * with the bearer token: the gateway decides what each person may see, never this page.
 * Everything is built with DOM calls (no innerHTML with data) and charts are plain SVG.
 */
'use strict';

const PILLARS = [
  ['brand', 'Establish your professional brand'],
  ['find', 'Find the right people'],
  ['engage', 'Engage with insights'],
  ['relationships', 'Build strong relationships'],
];
const PILLAR_MAX = 25;
const MINIMUM_GROUP_SIZE = 10;
const RANGES = [[30, 'Last 30 days'], [90, 'Last 90 days'], [180, 'Last 6 months'], [365, 'Last year'], [730, 'Last two years']];
const METRICS = [['opportunities', 'Opportunities'], ['meetings', 'Meetings'], ['deals_won', 'Deals won'], ['revenue', 'Revenue']];
const SVG_NS = 'http://www.w3.org/2000/svg';
const KEYS = { tokens: 'ssi.tokens', login: 'ssi.login' };

let settings; // {issuer, clientId, api}
let provider; // the OpenID Connect discovery document
let session; // {access, refresh, id, claims}

// ---------------------------------------------------------------- DOM helpers

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  return fill(element, attributes, children);
}

function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  return fill(element, attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    // Through the CSSOM: the Content-Security-Policy refuses style attributes written as text.
    else if (name === 'style') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children);
}

function fmt(value, digits = 2) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
}

function signed(value) {
  return (value > 0 ? '+' : value < 0 ? '−' : '±') + Math.abs(value).toFixed(2);
}

function words(key) {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.substring(1);
}

function isoDay(date) {
  return date.toISOString().substring(0, 10);
}

function daysAgo(days) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - days);
  return isoDay(date);
}

// ---------------------------------------------------------------- login: authorization code with PKCE

function base64url(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(length) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

function claimsOf(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

function redirectUri() {
  return location.origin + '/';
}

async function login() {
  if (!window.crypto || !crypto.subtle) {
    show(notice('This page needs a secure context (https or localhost) to log in.', true));
    return;
  }
  const verifier = randomText(48);
  const state = randomText(16);
  const nonce = randomText(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(KEYS.login, JSON.stringify({ verifier, state, nonce, back: location.hash }));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the identity provider: checks the state, trades the code and the verifier for tokens. */
async function completeLogin(query) {
  const pending = JSON.parse(sessionStorage.getItem(KEYS.login) || 'null');
  sessionStorage.removeItem(KEYS.login);
  history.replaceState(null, '', '/' + (pending && pending.back ? pending.back : ''));
  if (query.get('error')) {
    throw new Error('The login was not completed: ' + (query.get('error_description') || query.get('error')));
  }
  if (!pending || pending.state !== query.get('state')) {
    throw new Error('This login answer does not belong to a login started here; please log in again.');
  }
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code: query.get('code'),
    redirect_uri: redirectUri(),
    client_id: settings.clientId,
    code_verifier: pending.verifier,
  });
  if (tokens.id_token && claimsOf(tokens.id_token).nonce !== pending.nonce) {
    throw new Error('The identity token does not answer this login; please log in again.');
  }
  keep(tokens);
}

async function tokenRequest(form) {
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error('The identity provider refused the login: ' + (body.error_description || body.error || response.status));
  }
  return body;
}

function keep(tokens) {
  const stored = {
    access: tokens.access_token,
    refresh: tokens.refresh_token || (session && session.refresh),
    id: tokens.id_token || (session && session.id),
  };
  sessionStorage.setItem(KEYS.tokens, JSON.stringify(stored));
  session = { ...stored, claims: claimsOf(stored.access) };
}

function restore() {
  const stored = JSON.parse(sessionStorage.getItem(KEYS.tokens) || 'null');
  session = stored ? { ...stored, claims: claimsOf(stored.access) } : null;
}

async function refresh() {
  if (!session || !session.refresh) return false;
  try {
    keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refresh, client_id: settings.clientId }));
    return true;
  } catch (e) {
    return false;
  }
}

function logout() {
  const idToken = session && session.id;
  sessionStorage.removeItem(KEYS.tokens);
  session = null;
  if (!provider.end_session_endpoint) {
    location.assign('/');
    return;
  }
  const url = new URL(provider.end_session_endpoint);
  const query = { client_id: settings.clientId, post_logout_redirect_uri: redirectUri() };
  if (idToken) query.id_token_hint = idToken;
  url.search = new URLSearchParams(query).toString();
  location.assign(url.toString());
}

function roles() {
  return (session && session.claims.realm_access && session.claims.realm_access.roles) || [];
}

// ---------------------------------------------------------------- the API

/** Calls /api/v1 with the bearer token: {status, body} where a problem is problem+json, never thrown. */
async function api(path, accept = 'application/json', retried = false) {
  let response;
  try {
    response = await fetch(settings.api + path, {
      headers: { Authorization: 'Bearer ' + session.access, Accept: accept },
    });
  } catch (e) {
    return { status: 0, body: { title: 'The gateway cannot be reached', detail: String(e.message || e) } };
  }
  if (response.status === 401 && !retried && (await refresh())) {
    return api(path, accept, true);
  }
  if (response.status === 401) {
    sessionStorage.removeItem(KEYS.tokens);
    session = null;
    signedOut('Your session has ended. Log in again to continue.');
    throw new Error('signed out');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

// ---------------------------------------------------------------- shared pieces

function notice(text, error = false) {
  return h('p', { class: error ? 'notice error' : 'notice', role: error ? 'alert' : 'status' }, text);
}

/** A refusal or failure from the API, in words: the problem's title and detail, never a number behind it. */
function problem(answer, what) {
  const body = typeof answer.body === 'object' && answer.body ? answer.body : {};
  const lines = [h('strong', {}, body.title || what + ' are not available (' + answer.status + ')')];
  if (body.detail) lines.push(h('br'), body.detail);
  if (body.minimumSize) lines.push(h('br'), 'Figures are shown for groups of at least ' + body.minimumSize + ' scored members.');
  return h('div', { class: 'notice', role: 'status', 'data-problem': body.type || String(answer.status) }, lines);
}

function card(title, ...children) {
  const id = 'h-' + Math.random().toString(36).substring(2, 9);
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function stats(entries) {
  return h('dl', { class: 'stats' }, entries.map(([label, value, id]) => h('div', {}, h('dt', {}, label), h('dd', { id }, value))));
}

function pillarBars(pillars, prefix) {
  return PILLARS.map(([key, label]) => {
    const value = pillars[key];
    const id = prefix + '-' + key;
    return h('div', { class: 'pillar' },
      h('div', { class: 'label' }, h('span', { id: id + '-label' }, label), h('span', { id }, fmt(value) + ' / ' + PILLAR_MAX)),
      h('div', { class: 'meter', role: 'meter', 'aria-labelledby': id + '-label', 'aria-valuemin': 0, 'aria-valuemax': PILLAR_MAX, 'aria-valuenow': value },
        h('span', { style: { width: Math.max(0, Math.min(100, (value / PILLAR_MAX) * 100)) + '%' } })));
  });
}

function rangeSelect(selected, onchange) {
  const id = 'range-' + Math.random().toString(36).substring(2, 7);
  return h('label', { for: id }, 'Period',
    h('select', { id, onchange: event => onchange(Number(event.target.value)) },
      RANGES.map(([days, label]) => h('option', { value: days, selected: days === selected }, label))));
}

function band(score) {
  if (score >= 70) return ['leads the pack', 'var(--good)'];
  if (score >= 50) return ['on the way', 'var(--mid)'];
  return ['needs work', 'var(--low)'];
}

// ---------------------------------------------------------------- charts (SVG)

function gauge(score) {
  const [words, colour] = band(score);
  const r = 80;
  const angle = Math.PI * (1 - Math.max(0, Math.min(100, score)) / 100);
  const x = 100 + r * Math.cos(angle);
  const y = 100 - r * Math.sin(angle);
  const label = 'SSI ' + fmt(score) + ' out of 100, ' + words;
  return s('svg', { viewBox: '0 0 200 120', role: 'img', 'aria-label': label, class: 'gauge' },
    s('title', {}, label),
    s('path', { d: 'M20 100 A80 80 0 0 1 180 100', fill: 'none', stroke: '#e6eaf0', 'stroke-width': 18 }),
    score > 0 ? s('path', { d: `M20 100 A80 80 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`, fill: 'none', stroke: colour, 'stroke-width': 18 }) : null,
    s('text', { x: 100, y: 88, 'text-anchor': 'middle', class: 'value', style: { fontSize: '30px' } }, fmt(score)),
    s('text', { x: 100, y: 112, 'text-anchor': 'middle' }, 'of 100 · ' + words));
}

/** A line over days: series [{label, colour, values}] against days; null values leave a gap. */
function lineChart(days, series, { yMax, title }) {
  const width = 640, height = 240, left = 36, right = 10, top = 10, bottom = 28;
  const innerW = width - left - right, innerH = height - top - bottom;
  const max = yMax || Math.max(10, ...series.flatMap(line => line.values.filter(v => v !== null)));
  const xAt = i => left + (days.length <= 1 ? innerW / 2 : (i * innerW) / (days.length - 1));
  const yAt = v => top + innerH - (v / max) * innerH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map(f => {
    const v = max * f;
    return [s('line', { x1: left, x2: width - right, y1: yAt(v), y2: yAt(v), stroke: '#e6eaf0' }),
      s('text', { x: left - 4, y: yAt(v) + 4, 'text-anchor': 'end' }, Math.round(v))];
  });
  const ticks = days.length ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : [];
  const labels = [...new Set(ticks)].map(i => s('text', { x: xAt(i), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle' }, days[i]));
  const paths = series.map(line => {
    let d = '';
    let pen = false;
    line.values.forEach((v, i) => {
      if (v === null || v === undefined) { pen = false; return; }
      d += (pen ? 'L' : 'M') + xAt(i).toFixed(1) + ' ' + yAt(v).toFixed(1);
      pen = true;
    });
    const single = line.values.filter(v => v !== null).length === 1;
    const dots = single ? line.values.map((v, i) => v === null ? null : s('circle', { cx: xAt(i), cy: yAt(v), r: 4, fill: line.colour })) : [];
    return [s('path', { d, fill: 'none', stroke: line.colour, 'stroke-width': 2.2 }), dots];
  });
  const shown = series[0].values.filter(v => v !== null);
  const summary = shown.length
    ? `${title}: ${days[0]} to ${days[days.length - 1]}, from ${fmt(shown[0])} to ${fmt(shown[shown.length - 1])}, lowest ${fmt(Math.min(...shown))}, highest ${fmt(Math.max(...shown))}`
    : `${title}: no figures in this period`;
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary },
    s('title', {}, summary), grid, labels, paths);
}

function histogram(distribution, title) {
  const width = 640, height = 200, left = 30, bottom = 30, top = 16;
  const innerH = height - top - bottom;
  const max = Math.max(1, ...distribution.map(bucket => bucket.count));
  const barW = (width - left) / Math.max(1, distribution.length);
  const summary = title + ': ' + distribution.map(b => `${b.from} to ${b.to}: ${b.count}`).join('; ');
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary },
    s('title', {}, summary),
    distribution.map((bucket, i) => {
      const barH = (bucket.count / max) * innerH;
      const x = left + i * barW;
      return [
        s('rect', { x: x + 2, y: top + innerH - barH, width: barW - 4, height: barH, fill: 'var(--accent)' }),
        s('text', { x: x + barW / 2, y: top + innerH - barH - 3, 'text-anchor': 'middle', class: 'value' }, bucket.count),
        s('text', { x: x + barW / 2, y: height - 12, 'text-anchor': 'middle' }, `${Math.round(bucket.from)}–${Math.round(bucket.to)}`),
      ];
    }),
    s('line', { x1: left, x2: width, y1: top + innerH, y2: top + innerH, stroke: '#8a94a6' }));
}

/**
 * The fitted relation as the API gives it, a slope per 10 points with its 95% interval: the expected difference in
 * the outcome between two members whose average SSI differs by 0 to 50 points, with the interval as a band.
 */
function slopeChart(insight, metricLabel) {
  const width = 640, height = 260, left = 48, right = 12, top = 12, bottom = 40;
  const innerW = width - left - right, innerH = height - top - bottom;
  const [low, high] = insight.ci95 || [insight.slopePer10Points, insight.slopePer10Points];
  const span = 50;
  const ends = [0, low * 5, high * 5, insight.slopePer10Points * 5];
  const yMin = Math.min(...ends), yMax = Math.max(...ends, yMin + 1);
  const xAt = points => left + (points / span) * innerW;
  const yAt = v => top + innerH - ((v - yMin) / (yMax - yMin)) * innerH;
  const summary = `${metricLabel}: ${signed(insight.slopePer10Points)} per 10 points of SSI (95% interval ${fmt(low)} to ${fmt(high)}), over ${insight.n} members`;
  const ticksY = [0, 0.5, 1].map(f => yMin + (yMax - yMin) * f);
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary },
    s('title', {}, summary),
    ticksY.map(v => [s('line', { x1: left, x2: width - right, y1: yAt(v), y2: yAt(v), stroke: '#e6eaf0' }),
      s('text', { x: left - 4, y: yAt(v) + 4, 'text-anchor': 'end' }, fmt(v, 1))]),
    [0, 10, 20, 30, 40, 50].map(p => s('text', { x: xAt(p), y: height - 24, 'text-anchor': 'middle' }, '+' + p)),
    s('text', { x: left + innerW / 2, y: height - 6, 'text-anchor': 'middle' }, 'difference in average SSI (points)'),
    s('polygon', { points: `${xAt(0)},${yAt(0)} ${xAt(span)},${yAt(low * 5)} ${xAt(span)},${yAt(high * 5)}`, fill: 'var(--band)' }),
    s('line', { x1: xAt(0), y1: yAt(0), x2: xAt(span), y2: yAt(insight.slopePer10Points * 5), stroke: 'var(--accent)', 'stroke-width': 2.5 }));
}

// ---------------------------------------------------------------- page: my score

async function myScorePage(days = 90) {
  show(h('h1', {}, 'My Social Selling Index'), h('p', { class: 'muted' }, 'Loading your figures…'));
  const [me, history, explanation] = await Promise.all([
    api('/me/ssi'),
    api(`/me/ssi/history?from=${daysAgo(days - 1)}&to=${daysAgo(0)}`),
    api('/me/ssi/explanation'),
  ]);
  if (me.status !== 200) {
    show(h('h1', {}, 'My Social Selling Index'), problem(me, 'Your figures'));
    return;
  }
  const score = me.body;
  const [bandWords] = band(score.score);
  show(
    h('h1', {}, 'My Social Selling Index'),
    h('div', { class: 'grid' },
      card('Today\'s score',
        h('div', { class: 'center' }, gauge(score.score)),
        h('p', { class: 'center' }, h('span', { class: 'figure', id: 'score' }, fmt(score.score)), ' / 100 · ', bandWords),
        h('p', { class: 'center muted', id: 'change7d' }, score.change7d === null || score.change7d === undefined
          ? 'No score 7 days ago to compare with yet'
          : signed(score.change7d) + ' points over the last 7 days'),
        h('p', { class: 'center muted' }, 'Day ' + score.day + ' · model v' + score.modelVersion)),
      card('The four pillars', pillarBars(score.pillars, 'pillar')),
      card('Where you stand', rankBlock('Industry', score.industry, 'industry ' + score.industry.code, 'industry-rank'),
        rankBlock('Network', score.network, 'your network', 'network-rank'),
        score.release ? releasedLine(score.release.day, 'ranks-released') : null),
      historyCard(history, days),
      explanationCard(explanation)));
}

function rankBlock(title, group, name, id) {
  if (group.topPercent === null || group.topPercent === undefined) {
    return h('div', {},
      h('h3', {}, title),
      h('p', { class: 'figure', id }, 'Rank withheld'),
      h('p', { class: 'muted', id: id + '-average' }, 'Rank and average withheld: ' + withheldWords(group.withheld)));
  }
  return h('div', {},
    h('h3', {}, title),
    h('p', { class: 'figure', id }, `Top ${group.topPercent}% of ${name}`),
    h('p', { class: 'muted' }, `Percentile rank ${fmt(group.percentileRank, 1)} · `,
      h('span', { id: id + '-average' }, 'Average score ' + fmt(group.average) + ' over about ' + group.size + ' members')));
}

/** The one line that says what released group figures are (docs/privacy.md). */
function releasedLine(day, id) {
  return h('p', { class: 'muted released', id }, 'Released figures of ' + day
    + ': group figures are published once a day, rounded, and protected with a little noise so that no one person'
    + ' can be worked out; people who joined a group since count from the next release.');
}

function withheldWords(reason) {
  if (reason === 'group-too-small') {
    return `fewer than ${MINIMUM_GROUP_SIZE} members count toward this group, so nothing about it is shown`;
  }
  if (reason === 'not-yet-released') {
    return 'you joined after the last release of group figures; yours appear in the next one';
  }
  return (reason || 'not available').replace(/-/g, ' ');
}

function historyCard(history, days) {
  const body = history.status !== 200
    ? problem(history, 'Your history')
    : (() => {
      const rows = history.body;
      const dayLabels = rows.map(row => row.day);
      return [
        lineChart(dayLabels, [{ colour: 'var(--accent)', values: rows.map(row => row.score) }], { yMax: 100, title: 'Your SSI by day' }),
        h('details', {}, h('summary', {}, 'Show as a table'),
          h('div', { class: 'scroll' }, h('table', {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col', class: 'num' }, 'Score'),
              PILLARS.map(([key]) => h('th', { scope: 'col', class: 'num' }, words(key))))),
            h('tbody', {}, rows.slice().reverse().map(row => h('tr', {}, h('td', {}, row.day), h('td', { class: 'num' }, fmt(row.score)),
              PILLARS.map(([key]) => h('td', { class: 'num' }, fmt(row.pillars[key]))))))))),
      ];
    })();
  return h('section', { class: 'card wide', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, 'History'),
    h('div', { class: 'toolbar' }, rangeSelect(days, value => myScorePage(value))),
    body);
}

function explanationCard(explanation) {
  if (explanation.status !== 200) {
    return h('section', { class: 'card wide' }, h('h2', {}, 'How your score is made'), problem(explanation, 'The explanation'));
  }
  const e = explanation.body;
  return h('section', { class: 'card wide', 'aria-labelledby': 'explanation-title' },
    h('h2', { id: 'explanation-title' }, 'How your score is made, and what would raise it'),
    h('h3', {}, 'Recommended next actions'),
    e.recommendations.length
      ? h('ol', { class: 'actions', id: 'recommendations' }, e.recommendations.map(r =>
        h('li', {}, r.action, ' ', h('span', { class: 'gain' }, '+' + fmt(r.gain) + ' points'), h('span', { class: 'muted' }, ' · ' + words(r.pillar)))))
      : h('p', {}, 'Nothing left to recommend: every sub-metric is at its maximum.'),
    h('div', { class: 'scroll' }, h('table', {},
      h('caption', { class: 'muted' }, 'Points per sub-metric (model v' + e.modelVersion + ')'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Pillar / sub-metric'), h('th', { scope: 'col', class: 'num' }, 'Raw value'),
        h('th', { scope: 'col', class: 'num' }, 'Points'), h('th', { scope: 'col', class: 'num' }, 'Available'))),
      e.pillars.map(pillar => h('tbody', {},
        h('tr', {}, h('th', { scope: 'rowgroup', colspan: 2 }, words(pillar.pillar)), h('th', { class: 'num' }, fmt(pillar.points)), h('th', { class: 'num' }, fmt(pillar.maxPoints))),
        pillar.subMetrics.map(m => h('tr', {}, h('td', {}, words(m.key)), h('td', { class: 'num' }, fmt(m.raw)),
          h('td', { class: 'num' }, fmt(m.points)), h('td', { class: 'num' }, fmt(m.maxPoints)))))))));
}

// ---------------------------------------------------------------- page: teams

async function teamsPage(teamId, days = 90) {
  const list = await api('/teams');
  if (list.status !== 200) {
    show(h('h1', {}, 'Teams'), problem(list, 'Teams'));
    return;
  }
  const teams = list.body;
  const nav = h('nav', { 'aria-label': 'Your teams' }, h('ul', { class: 'teams' }, teams.map(team =>
    h('li', {}, h('a', { href: '#/teams/' + encodeURIComponent(team.teamId), 'aria-current': team.teamId === teamId ? 'page' : null },
      team.name + ' (' + team.teamId + ')')))));
  if (!teamId) {
    show(h('h1', {}, 'Teams'),
      teams.length ? card('The teams you may view', nav) : notice('You do not manage any team.'));
    if (teams.length === 1) location.hash = '#/teams/' + encodeURIComponent(teams[0].teamId);
    return;
  }
  show(h('h1', {}, 'Team ' + teamId), h('p', { class: 'muted' }, 'Loading…'));
  const figures = await api('/teams/' + encodeURIComponent(teamId) + '/ssi');
  if (figures.status !== 200) {
    show(h('h1', {}, 'Team ' + teamId), h('div', { class: 'grid' }, card('Figures', problem(figures, 'This team\'s figures')), card('Your teams', nav)));
    return;
  }
  const history = await api(`/teams/${encodeURIComponent(teamId)}/ssi/history?from=${daysAgo(days - 1)}&to=${daysAgo(0)}`);
  const team = figures.body;
  show(
    h('h1', {}, 'Team ' + teamId),
    h('p', { class: 'muted' }, 'Figures over every scored member of the team and its sub-teams. No person\'s name or score is ever shown.'),
    releasedLine(team.day, 'team-released'),
    h('div', { class: 'grid' },
      card('Team figures', stats([
        ['Members (about)', team.size, 'team-size'],
        ['Average SSI', fmt(team.average), 'team-average'],
        ['Median SSI', fmt(team.median), 'team-median'],
        ['Leaders (70+)', team.leaders, 'team-leaders'],
        ['Laggards (30 and below)', team.laggards, 'team-laggards'],
      ])),
      card('Pillar averages', pillarBars(team.pillars, 'team-pillar')),
      h('section', { class: 'card wide', 'aria-labelledby': 'dist-title' }, h('h2', { id: 'dist-title' }, 'How the team\'s scores are spread'),
        histogram(team.distribution, 'Members by SSI band')),
      teamTrendCard(teamId, history, days),
      card('Your teams', nav)));
}

function teamTrendCard(teamId, history, days) {
  const exportButton = h('button', { type: 'button', class: 'secondary', onclick: () => exportCsv(teamId, days) }, 'Export CSV');
  let body;
  if (history.status !== 200) {
    body = problem(history, 'The team\'s history');
  } else {
    const rows = history.body;
    const unscored = rows.filter(row => row.withheld === 'no-release').length;
    const withheld = rows.filter(row => row.withheld && row.withheld !== 'no-release').length;
    body = [
      lineChart(rows.map(r => r.day), [{ colour: 'var(--accent)', values: rows.map(r => r.average === undefined ? null : r.average) }],
        { yMax: 100, title: 'Team average SSI by day' }),
      unscored ? h('p', { class: 'muted' }, unscored + ' of ' + rows.length + ' days without a release of group figures') : null,
      withheld ? h('p', { class: 'muted' }, withheld + ' of ' + rows.length + ' days withheld (no release that day, too few members counting toward the team, or a team inside it you also see with 1 to 9 members of its own)') : null,
    ];
  }
  return h('section', { class: 'card wide', 'aria-labelledby': 'trend-title' },
    h('h2', { id: 'trend-title' }, 'Trend'),
    h('div', { class: 'toolbar' }, rangeSelect(days, value => teamsPage(teamId, value)), exportButton),
    body);
}

async function exportCsv(teamId, days) {
  const answer = await api(`/teams/${encodeURIComponent(teamId)}/ssi/export?from=${daysAgo(days - 1)}&to=${daysAgo(0)}`, 'text/csv');
  if (answer.status !== 200) {
    document.getElementById('main').prepend(problem(answer, 'The export'));
    return;
  }
  const link = h('a', { href: URL.createObjectURL(new Blob([answer.body], { type: 'text/csv' })), download: `team-${teamId}-ssi.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

// ---------------------------------------------------------------- page: industries and outcomes

async function analysisPage(query) {
  let codes = (query.get('industries') || '').split(',').map(c => c.trim()).filter(Boolean);
  if (!codes.length && (roles().includes('rep') || roles().includes('manager'))) {
    const me = await api('/me/ssi');
    if (me.status === 200) codes = [me.body.industry.code];
  }
  const metric = query.get('metric') || 'opportunities';
  const input = h('input', { id: 'industry-codes', name: 'industries', value: codes.join(', '), placeholder: 'software, financial-services', autocomplete: 'off' });
  const form = h('form', { class: 'toolbar', onsubmit: event => {
    event.preventDefault();
    location.hash = '#/analysis?' + new URLSearchParams({ industries: input.value.replace(/\s+/g, ''), metric }).toString();
  } }, h('label', { for: 'industry-codes' }, 'Industry codes, separated by commas', input), h('button', { type: 'submit' }, 'Compare'));
  const industries = await Promise.all(codes.map(code => api('/industries/' + encodeURIComponent(code) + '/ssi').then(answer => [code, answer])));
  const outcomes = roles().includes('analyst') ? await outcomesCard(metric, codes) : null;
  show(
    h('h1', {}, 'Industries and outcomes'),
    h('div', { class: 'grid' },
      h('section', { class: 'card wide', 'aria-labelledby': 'industries-title' },
        h('h2', { id: 'industries-title' }, 'Industries side by side'),
        form,
        codes.length ? industryTable(industries) : h('p', { class: 'muted' }, 'Enter one or more industry codes to compare them.'),
        industries.some(([, answer]) => answer.status === 200)
          ? releasedLine(industries.find(([, answer]) => answer.status === 200)[1].body.day, 'industries-released') : null),
      outcomes));
}

function industryTable(industries) {
  const shown = industries.filter(([, answer]) => answer.status === 200);
  const refused = industries.filter(([, answer]) => answer.status !== 200);
  return [
    shown.length ? h('div', { class: 'scroll' }, h('table', { id: 'industries' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Industry'), h('th', { scope: 'col', class: 'num' }, 'Members'),
        h('th', { scope: 'col', class: 'num' }, 'Average'), h('th', { scope: 'col', class: 'num' }, 'Median'),
        PILLARS.map(([key]) => h('th', { scope: 'col', class: 'num' }, words(key))))),
      h('tbody', {}, shown.map(([code, { body }]) => h('tr', {}, h('th', { scope: 'row' }, code), h('td', { class: 'num' }, body.size),
        h('td', { class: 'num' }, fmt(body.average)), h('td', { class: 'num' }, fmt(body.median)),
        PILLARS.map(([key]) => h('td', { class: 'num' }, body.pillars ? fmt(body.pillars[key]) : '–'))))))) : null,
    h('div', { class: 'grid' }, shown.filter(([, { body }]) => body.distribution).map(([code, { body }]) =>
      h('div', {}, h('h3', {}, code), histogram(body.distribution, 'Members of ' + code + ' by SSI band')))),
    refused.map(([code, answer]) => h('div', {}, h('h3', {}, code), problem(answer, 'The figures of ' + code))),
  ];
}

async function outcomesCard(metric, codes) {
  const answer = await api('/insights/outcomes?metric=' + encodeURIComponent(metric));
  const label = (METRICS.find(([key]) => key === metric) || [metric, metric])[1];
  const select = h('select', { id: 'metric', onchange: event => {
    location.hash = '#/analysis?' + new URLSearchParams({ industries: codes.join(','), metric: event.target.value }).toString();
  } }, METRICS.map(([key, name]) => h('option', { value: key, selected: key === metric }, name)));
  let body;
  if (answer.status !== 200) {
    body = problem(answer, 'Outcome insights');
  } else {
    const insight = answer.body;
    body = [
      stats([
        ['Members compared', insight.n, 'outcome-n'],
        ['Per 10 points of SSI', insight.slopePer10Points === null ? '–' : signed(insight.slopePer10Points), 'outcome-slope'],
        ['95% interval', insight.ci95 ? fmt(insight.ci95[0]) + ' to ' + fmt(insight.ci95[1]) : '–', 'outcome-ci'],
        ['Correlation', fmt(insight.correlation, 3), 'outcome-correlation'],
      ]),
      insight.slopePer10Points === null ? h('p', { class: 'muted' }, 'No relation can be estimated from these members.') : slopeChart(insight, label),
      h('h3', {}, 'Leaders (70+) and laggards (30 and below)'),
      stats([
        ['Leaders: mean ' + label.toLowerCase(), insight.leaders.mean === null ? 'withheld (fewer than 10 members)' : fmt(insight.leaders.mean)],
        ['Laggards: mean ' + label.toLowerCase(), insight.laggards.mean === null ? 'withheld (fewer than 10 members)' : fmt(insight.laggards.mean)],
        ['Leaders to laggards', insight.leadersToLaggards === null || insight.leadersToLaggards === undefined ? '–' : fmt(insight.leadersToLaggards) + '×'],
      ]),
      h('p', { class: 'muted', id: 'outcome-statement' }, insight.statement),
    ];
  }
  return h('section', { class: 'card wide', 'aria-labelledby': 'outcomes-title' },
    h('h2', { id: 'outcomes-title' }, 'SSI and outcomes'),
    h('div', { class: 'toolbar' }, h('label', { for: 'metric' }, 'Outcome', select)),
    body);
}

// ---------------------------------------------------------------- routing

function signedOut(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  show(
    h('h1', {}, 'Social Selling Index'),
    message ? notice(message) : null,
    h('p', {}, 'Your score, your team\'s figures and the organisation\'s insights, after you sign in with your company account.'),
    h('button', { type: 'button', id: 'login', onclick: login }, 'Log in'));
}

function defaultPage() {
  const mine = roles();
  if (mine.includes('rep') || mine.includes('manager')) return '#/me';
  if (mine.includes('admin')) return '#/teams';
  return '#/analysis';
}

async function route() {
  if (!session) {
    signedOut();
    return;
  }
  const [path, search] = (location.hash || defaultPage()).substring(1).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = parts[0] || 'me';
  for (const link of document.querySelectorAll('#nav a')) {
    const wanted = link.dataset.roles.split(' ').filter(Boolean);
    link.hidden = wanted.length > 0 && !wanted.some(role => roles().includes(role));
    link.setAttribute('aria-current', link.dataset.page === page ? 'page' : 'false');
  }
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = 'Signed in as ' + (session.claims.preferred_username || 'you');
  try {
    if (page === 'teams') await teamsPage(parts[1]);
    else if (page === 'analysis') await analysisPage(new URLSearchParams(search || ''));
    else await myScorePage();
    document.getElementById('main').focus();
    document.body.dataset.ready = page;
  } catch (e) {
    if (e.message !== 'signed out') show(notice('Something went wrong: ' + e.message, true));
  }
}

async function start() {
  document.getElementById('logout').addEventListener('click', logout);
  try {
    settings = await (await fetch('/portal/config')).json();
    provider = await (await fetch(settings.issuer + '/.well-known/openid-configuration')).json();
  } catch (e) {
    show(notice('The login service cannot be reached right now. Please try again in a moment.', true));
    return;
  }
  const query = new URLSearchParams(location.search);
  try {
    if (query.has('code') || query.has('error')) {
      await completeLogin(query);
    } else {
      restore();
    }
  } catch (e) {
    sessionStorage.removeItem(KEYS.tokens);
    session = null;
    signedOut(e.message);
    return;
  }
  window.addEventListener('hashchange', () => {
    delete document.body.dataset.ready;
    route();
  });
  await route();
}

start();
