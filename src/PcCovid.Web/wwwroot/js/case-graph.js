// Draws a case's transmission graph (GET /api/staff/cases/{id}/graph) with the vendored cytoscape.js.
// Nodes: the case (F0, red), F1 (orange), F2 (yellow), cases a contact became (red); edges carry the evidence.
(function () {
  'use strict';
  var box = document.getElementById('graph');
  var status = document.getElementById('graph-status');
  if (!box || typeof cytoscape !== 'function') { return; }
  var english = document.documentElement.lang === 'en';
  fetch(box.getAttribute('data-graph-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (graph) {
      var elements = [];
      graph.nodes.forEach(function (n) {
        var degree = n.kind === 'case' ? 'case' : 'f' + n.degree;
        elements.push({ data: { id: n.id, label: (n.kind === 'case' ? 'F0' : 'F' + n.degree) + (n.label && n.kind !== 'case' ? ' · ' + n.label : ''), degree: degree } });
      });
      graph.edges.forEach(function (e, i) {
        var how = e.evidence.map(function (x) { return x.venueName || x.source; }).filter(function (v, j, all) { return all.indexOf(v) === j; }).join(', ');
        elements.push({ data: { id: 'e' + i, source: e.from, target: e.to, label: e.kind === 'became-case' ? '→ F0' : how } });
      });
      var cy = cytoscape({
        container: box,
        elements: elements,
        layout: { name: 'breadthfirst', directed: true, roots: '#' + CSS.escape('case:' + graph.caseId), spacingFactor: 1.1 },
        style: [
          { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': 120, 'background-color': '#9e9e9e' } },
          { selector: 'node[degree = "case"]', style: { 'background-color': '#c62828', width: 36, height: 36 } },
          { selector: 'node[degree = "f1"]', style: { 'background-color': '#ef6c00' } },
          { selector: 'node[degree = "f2"]', style: { 'background-color': '#fbc02d' } },
          { selector: 'edge', style: { width: 2, 'line-color': '#bbb', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#bbb', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8 } }
        ]
      });
      box.setAttribute('data-nodes', String(cy.nodes().length));
      box.setAttribute('data-edges', String(cy.edges().length));
      status.textContent = english
        ? graph.nodes.length + ' people, ' + graph.edges.length + ' links'
        : graph.nodes.length + ' người, ' + graph.edges.length + ' liên kết';
    })
    .catch(function (error) {
      status.textContent = (english ? 'The graph could not be loaded: ' : 'Không tải được sơ đồ: ') + error.message;
    });
}());
