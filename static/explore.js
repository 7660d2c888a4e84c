/* explore.js - the full explorer: draws the graph of /api/v1/graph with
 * cytoscape (served by bzpeer at /static/vendor/cytoscape.min.js),
 * expands nodes in place, filters by kind and year, searches the labels,
 * shows a node's summary in the side panel, and keeps the view in the
 * address (?center=R4&expand=W3,R7&kinds=researcher,work&from=2018&to=2026
 * &q=...&sel=W3) so that it can be shared. Plain script, no inline code:
 * the page's Content-Security-Policy allows scripts from 'self' only. */
(function () {
  'use strict';

  var KINDS = ['researcher', 'work', 'topic', 'institution'];
  var LETTER_KIND = { R: 'researcher', W: 'work', T: 'topic',
    I: 'institution' };
  var PAGE = { researcher: '/researchers/', work: '/works/',
    topic: '/topics/', institution: '/institutions/' };
  var KIND_WORD = { researcher: 'Researcher', work: 'Paper', topic: 'Topic',
    institution: 'Institution' };
  var ID_RE = /^[RWTI][1-9][0-9]*$/;
  var RING = 140; /* px between an expanded node and its new neighbours */

  var graphBox = document.getElementById('explore-graph');
  var layoutBox = document.getElementById('explore-layout');
  var form = document.getElementById('explore-form');
  var panel = document.getElementById('explore-panel');
  var list = document.getElementById('explore-list');
  var statusLine = document.getElementById('explore-status');
  if (!graphBox || !form || !panel || typeof window.cytoscape !== 'function')
    return;

  var state = readAddress();
  var cy = null;
  var expanded = {}; /* id -> true once its neighbours are in */
  var panelToken = 0;

  /* --- the address ------------------------------------------------------ */

  function idList(text) {
    return (text || '').split(',').filter(function (s) {
      return ID_RE.test(s);
    });
  }

  function readAddress() {
    var p = new URLSearchParams(window.location.search);
    var kinds = p.has('kinds')
      ? p.getAll('kinds').join(',').split(',').filter(function (k) {
        return KINDS.indexOf(k) >= 0;
      })
      : KINDS.slice();
    return {
      center: graphBox.getAttribute('data-center'),
      expand: idList(p.getAll('expand').join(',')),
      kinds: kinds,
      from: yearOf(p.get('from')),
      to: yearOf(p.get('to')),
      q: p.get('q') || '',
      sel: ID_RE.test(p.get('sel') || '') ? p.get('sel') : ''
    };
  }

  function yearOf(text) {
    var n = parseInt(text, 10);
    return n >= 1000 && n <= 2999 ? n : 0;
  }

  function writeAddress() {
    var p = new URLSearchParams();
    p.set('center', state.center);
    if (state.expand.length) p.set('expand', state.expand.join(','));
    if (state.kinds.length !== KINDS.length)
      p.set('kinds', state.kinds.join(','));
    if (state.from) p.set('from', String(state.from));
    if (state.to) p.set('to', String(state.to));
    if (state.q) p.set('q', state.q);
    if (state.sel) p.set('sel', state.sel);
    var url = window.location.pathname + '?' +
      p.toString().replace(/%2C/g, ',');
    window.history.replaceState(null, '', url);
  }

  /* --- the form --------------------------------------------------------- */

  function readForm() {
    state.kinds = KINDS.filter(function (k) {
      var box = form.querySelector('input[name="kinds"][value="' + k + '"]');
      return box && box.checked;
    });
    state.from = yearOf(form.elements.from.value);
    state.to = yearOf(form.elements.to.value);
    state.q = form.elements.q.value.trim();
  }

  function fillForm() {
    KINDS.forEach(function (k) {
      var box = form.querySelector('input[name="kinds"][value="' + k + '"]');
      if (box) box.checked = state.kinds.indexOf(k) >= 0;
    });
    form.elements.from.value = state.from ? String(state.from) : '';
    form.elements.to.value = state.to ? String(state.to) : '';
    form.elements.q.value = state.q;
  }

  /* --- text ------------------------------------------------------------- */

  /* Lower case, no diacritics, words joined by one space: as the server
   * folds names (core/text.h), near enough for a search in one page. */
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function say(text) {
    statusLine.textContent = text;
  }

  function pagePath(data) {
    var path = PAGE[data.kind] + data.id;
    return data.slug ? path + '-' + data.slug : path;
  }

  /* --- the graph -------------------------------------------------------- */

  function fetchSlice(id) {
    return fetch('/api/v1/graph?center=' + encodeURIComponent(id) + '&depth=1',
      { headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 404) return null; /* gone since the link was made */
        if (!res.ok)
          throw new Error('the graph of ' + id + ' answered ' + res.status);
        return res.json();
      });
  }

  function short(label) {
    label = String(label || '');
    return label.length > 42 ? label.slice(0, 40) + '…' : label;
  }

  /* Adds the nodes and edges of a slice that are not there yet; new nodes
   * go on a ring around the node at `around` (in place). */
  function merge(slice, around) {
    var fresh = [];
    slice.nodes.forEach(function (n) {
      if (!n || !ID_RE.test(n.id) || cy.getElementById(n.id).nonempty()) return;
      fresh.push(n);
    });
    var origin = around ? around.position() : { x: 0, y: 0 };
    var center = around ? cy.getElementById(state.center).position() : origin;
    /* outward: on an arc that faces away from the centre of the graph */
    var away = Math.atan2(origin.y - center.y, origin.x - center.x);
    var arc = around && (origin.x !== center.x || origin.y !== center.y)
      ? Math.min(Math.PI, 0.5 + fresh.length * 0.35) : 2 * Math.PI;
    var added = cy.add(fresh.map(function (n, i) {
      var step = arc === 2 * Math.PI ? arc / Math.max(fresh.length, 1)
        : arc / Math.max(fresh.length - 1, 1);
      var angle = arc === 2 * Math.PI ? step * i
        : away - arc / 2 + (fresh.length === 1 ? arc / 2 : step * i);
      var radius = RING + (fresh.length > 8 ? (i % 2) * 60 : 0);
      return {
        group: 'nodes',
        data: { id: n.id, kind: LETTER_KIND[n.id[0]], label: n.label || n.id,
          short: short(n.label || n.id), slug: n.slug || '',
          year: n.year || 0, fold: fold(n.label) },
        position: { x: origin.x + radius * Math.cos(angle),
          y: origin.y + radius * Math.sin(angle) }
      };
    }));
    (slice.edges || []).forEach(function (e) {
      var id = e.source + '|' + e.target + '|' + e.kind;
      if (cy.getElementById(id).nonempty()) return;
      if (cy.getElementById(e.source).empty() ||
          cy.getElementById(e.target).empty())
        return;
      cy.add({ group: 'edges', data: { id: id, source: e.source,
        target: e.target, kind: e.kind, weight: e.weight } });
    });
    return added;
  }

  function style() {
    return [
      { selector: 'node', style: {
        'label': 'data(short)', 'font-size': 10, 'color': '#1d2433',
        'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'ellipsis',
        'text-max-width': 140, 'width': 18, 'height': 18,
        'background-color': '#1f4e79', 'border-width': 1,
        'border-color': '#ffffff' } },
      { selector: 'node[kind = "work"]', style: {
        'shape': 'round-rectangle', 'background-color': '#5b8fc7' } },
      { selector: 'node[kind = "topic"]', style: {
        'shape': 'diamond', 'background-color': '#2e7d4f' } },
      { selector: 'node[kind = "institution"]', style: {
        'shape': 'hexagon', 'background-color': '#a0672b' } },
      { selector: 'node.center', style: { 'width': 30, 'height': 30,
        'font-weight': 'bold', 'font-size': 12 } },
      { selector: 'node.expanded', style: { 'border-width': 3,
        'border-color': '#1d2433' } },
      { selector: 'node:selected', style: { 'border-width': 4,
        'border-color': '#d9822b' } },
      { selector: 'edge', style: { 'width': 1, 'line-color': '#c3cad8',
        'curve-style': 'straight' } },
      { selector: 'edge[kind = "coauthorship"]',
        style: { 'line-color': '#1f4e79' } },
      { selector: 'edge[kind = "citation"]', style: { 'target-arrow-shape':
        'triangle', 'target-arrow-color': '#c3cad8' } },
      { selector: '.filtered', style: { 'display': 'none' } },
      { selector: '.faded', style: { 'opacity': 0.2 } },
      { selector: 'node.match', style: { 'border-width': 3,
        'border-color': '#d9822b', 'font-weight': 'bold' } }
    ];
  }

  /* Kinds and years hide nodes (never the centre); the search marks the
   * nodes whose label holds it and fades the others. */
  function applyFilters() {
    var q = fold(state.q);
    var shown = 0;
    var matches = 0;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var d = n.data();
        var keep = n.hasClass('center') || (state.kinds.indexOf(d.kind) >= 0 &&
          !(d.year && ((state.from && d.year < state.from) ||
            (state.to && d.year > state.to))));
        n.toggleClass('filtered', !keep);
        var match = keep && q !== '' && d.fold.indexOf(q) >= 0;
        n.toggleClass('match', match);
        n.toggleClass('faded', keep && q !== '' && !match);
        if (keep) shown++;
        if (match) matches++;
      });
      cy.edges().forEach(function (e) {
        e.toggleClass('faded', q !== '' && !(e.source().hasClass('match') &&
          e.target().hasClass('match')));
      });
    });
    var text = shown + ' of ' + cy.nodes().length + ' nodes shown';
    if (q) text += '; ' + matches + ' match “' + state.q + '”';
    say(text + '.');
    graphBox.setAttribute('data-shown', String(shown));
    graphBox.setAttribute('data-matches', String(matches));
  }

  function expand(id) {
    if (expanded[id]) return Promise.resolve();
    var node = cy.getElementById(id);
    if (node.empty()) return Promise.resolve();
    expanded[id] = true;
    node.addClass('expanded');
    say('Expanding ' + node.data('label') + '…');
    return fetchSlice(id).then(function (slice) {
      var added = slice ? merge(slice, node) : cy.collection();
      if (id !== state.center && state.expand.indexOf(id) < 0)
        state.expand.push(id);
      applyFilters();
      writeAddress();
      graphBox.setAttribute('data-nodes', String(cy.nodes().length));
      if (added.nonempty())
        cy.animate({ fit: { eles: node.closedNeighborhood(), padding: 40 } },
          { duration: 250 });
      if (state.sel === id) showPanel(node);
    }).catch(function (e) {
      expanded[id] = false;
      node.removeClass('expanded');
      say('Could not expand: ' + e.message);
    });
  }

  /* --- the side panel --------------------------------------------------- */

  function row(dl, term, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', {}, term));
    dl.appendChild(el('dd', {}, value));
  }

  function researcherSummary(box, r) {
    if (r.summary) box.appendChild(el('p', {}, r.summary));
    var dl = el('dl', { 'class': 'explore-facts' });
    if (r.trust) row(dl, 'Trust', r.trust.score + ' - ' + r.trust.band);
    row(dl, 'Verification', r.verification_level);
    row(dl, 'Claim', r.claimed ? 'Claimed' : 'Unclaimed author');
    row(dl, 'Affiliation', r.affiliation || 'Affiliation not imported');
    if (r.counts) {
      row(dl, 'Works', r.counts.works);
      row(dl, 'Topics', r.counts.topics);
      row(dl, 'Close collaborators', r.counts.close_collaborators);
      row(dl, 'Followers', r.counts.followers);
    }
    box.appendChild(dl);
  }

  function workSummary(box, w) {
    var dl = el('dl', { 'class': 'explore-facts' });
    row(dl, 'Type', w.type);
    row(dl, 'Year', w.publication_year);
    row(dl, 'Venue', w.venue);
    if (w.open_access !== null && w.open_access !== undefined)
      row(dl, 'Open access', w.open_access ? 'yes' : 'no');
    if (w.citations && typeof w.citations.count === 'number')
      row(dl, 'Citations', w.citations.count);
    var authors = (w.authorships || []).map(function (a) {
      return a.researcher ? a.researcher.display_name : a.raw_name;
    });
    if (authors.length)
      row(dl, 'Authors', authors.slice(0, 8).join(', ') +
        (authors.length > 8 ? ' and ' + (authors.length - 8) + ' more' : ''));
    box.appendChild(dl);
    if (w.abstract) {
      var text = w.abstract.length > 400
        ? w.abstract.slice(0, 397) + '…' : w.abstract;
      box.appendChild(el('p', { 'class': 'muted' }, text));
    }
  }

  /* A topic's scheme, level and parents, or an institution's country;
   * both with their counts of works and researchers. */
  function placeSummary(box, t) {
    var dl = el('dl', { 'class': 'explore-facts' });
    if (t.scheme) row(dl, 'Scheme', t.scheme + (t.external_id
      ? ' ' + t.external_id : ''));
    row(dl, 'Level', t.level);
    if (t.parents && t.parents.length)
      row(dl, 'Within', t.parents.map(function (p) {
        return p.display_name;
      }).join(' › '));
    row(dl, 'Country', t.country_code);
    if (t.counts) {
      row(dl, 'Works', t.counts.works);
      row(dl, 'Researchers', t.counts.researchers);
    }
    box.appendChild(dl);
  }

  var API = { researcher: '/api/v1/researchers/', work: '/api/v1/works/',
    topic: '/api/v1/topics/', institution: '/api/v1/institutions/' };
  var SUMMARY = { researcher: researcherSummary, work: workSummary,
    topic: placeSummary, institution: placeSummary };

  function fetchSummary(d) {
    return fetch(API[d.kind] + d.id,
      { headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('the summary answered ' + res.status);
        return res.json();
      });
  }

  function showPanel(node) {
    var d = node.data();
    var token = ++panelToken;
    panel.textContent = '';
    panel.setAttribute('data-node', d.id);
    panel.appendChild(el('p', { 'class': 'eyebrow' },
      KIND_WORD[d.kind] + ' · ' + d.id));
    panel.appendChild(el('h2', { id: 'explore-panel-title' }, d.label));
    var body = el('div', { 'class': 'explore-panel-body' });
    panel.appendChild(body);
    var actions = el('p', { 'class': 'explore-actions' });
    actions.appendChild(el('a', { href: pagePath(d), 'class': 'button' },
      'Open ' + KIND_WORD[d.kind].toLowerCase() + ' page'));
    if (!expanded[d.id]) {
      var button = el('button', { type: 'button', id: 'explore-expand' },
        'Expand');
      button.addEventListener('click', function () { expand(d.id); });
      actions.appendChild(button);
    }
    if (d.id !== state.center)
      actions.appendChild(el('a', { href: '/explore?center=' + d.id,
        'class': 'recenter' }, 'Explore from here'));
    panel.appendChild(actions);
    if (d.year && d.kind !== 'work')
      body.appendChild(el('p', {}, String(d.year)));
    var neighbours = node.neighborhood('node').length;
    body.appendChild(el('p', { 'class': 'muted' }, neighbours + ' neighbour' +
      (neighbours === 1 ? '' : 's') + ' in this view.'));
    fetchSummary(d).then(function (record) {
      if (token !== panelToken || !record) return;
      var box = el('div', {});
      SUMMARY[d.kind](box, record);
      body.insertBefore(box, body.firstChild);
    }).catch(function (e) {
      if (token === panelToken)
        body.appendChild(el('p', { 'class': 'muted' },
          'No summary: ' + e.message));
    });
  }

  function select(node) {
    cy.nodes().unselect();
    node.select();
    state.sel = node.id();
    writeAddress();
    showPanel(node);
  }

  /* --- start ------------------------------------------------------------ */

  function start() {
    fillForm();
    layoutBox.hidden = false;
    say('Loading the graph…');
    cy = window.cytoscape({
      container: graphBox, style: style(), wheelSensitivity: 0.3,
      minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false
    });
    fetchSlice(state.center).then(function (slice) {
      if (!slice) throw new Error('no graph for ' + state.center);
      merge(slice, null);
      var center = cy.getElementById(state.center);
      center.addClass('center');
      expanded[state.center] = true;
      cy.layout({ name: 'concentric', animate: false, minNodeSpacing: 24,
        concentric: function (n) { return n.id() === state.center ? 2 : 1; },
        levelWidth: function () { return 1; } }).run();
      /* the expansions of the address, in its order, each in place */
      var chain = Promise.resolve();
      var wanted = state.expand.slice();
      state.expand = [];
      wanted.forEach(function (id) {
        chain = chain.then(function () { return expand(id); });
      });
      return chain;
    }).then(function () {
      cy.fit(undefined, 30);
      applyFilters();
      writeAddress();
      graphBox.setAttribute('data-nodes', String(cy.nodes().length));
      if (state.sel && cy.getElementById(state.sel).nonempty())
        select(cy.getElementById(state.sel));
      if (list) list.hidden = true;
      graphBox.setAttribute('data-ready', 'true');
    }).catch(function (e) {
      layoutBox.hidden = true;
      say('The graph could not be drawn (' + e.message + '); the nodes are ' +
        'listed below.');
    });

    cy.on('tap', 'node', function (evt) { select(evt.target); });
    cy.on('dbltap', 'node', function (evt) { expand(evt.target.id()); });
    cy.on('tap', function (evt) {
      if (evt.target !== cy) return;
      cy.nodes().unselect();
      state.sel = '';
      writeAddress();
    });
  }

  function onFilters() {
    readForm();
    applyFilters();
    writeAddress();
  }

  form.addEventListener('submit', function (evt) {
    evt.preventDefault();
    onFilters();
    var first = state.q ? cy.nodes('.match').first() : cy.collection();
    if (first.nonempty()) select(first);
  });
  form.addEventListener('change', onFilters);
  form.elements.q.addEventListener('input', onFilters);

  start();
}());
