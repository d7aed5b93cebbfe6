// The cyberkg web page: SPARQL editor with examples, results with entity links, a neighbourhood graph
// and a timeline. Everything that comes from the graph is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var CKO = "https://w3id.org/cyberkg/ontology#";
  var LOCAL = { "https://w3id.org/cyberkg/id/": "/id/", "https://w3id.org/cyberkg/doc/": "/doc/",
                "https://w3id.org/cyberkg/topic/": "/topic/" };
  var meta = { queries: [], groups: {}, colours: {} };
  var editor = CodeMirror.fromTextArea(document.getElementById("sparql"), {
    mode: "sparql", lineNumbers: true, matchBrackets: true,
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run }
  });
  window.cyberkgEditor = editor;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function localPath(iri) {
    for (var base in LOCAL) { if (iri.indexOf(base) === 0) return LOCAL[base] + iri.slice(base.length); }
    return null;
  }
  function shortName(iri) {
    for (var base in LOCAL) { if (iri.indexOf(base) === 0) return iri.slice(base.length); }
    if (iri.indexOf(CKO) === 0) return "cko:" + iri.slice(CKO.length);
    return iri;
  }
  function termNode(term) {
    if (!term) return el("span", "");
    if (term.type === "uri") {
      var path = localPath(term.value);
      var a = el("a", shortName(term.value));
      a.href = path || term.value;
      if (!path) { a.rel = "noopener noreferrer"; a.className = "external"; }
      return a;
    }
    var span = el("span", term.value);
    if (term["xml:lang"]) span.title = "@" + term["xml:lang"];
    return span;
  }
  function sparql(text) {
    return fetch("/sparql", { method: "POST", body: text,
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" } })
      .then(function (response) {
        if (!response.ok) return response.text().then(function (t) { throw new Error(response.status + ": " + t); });
        return response.json();
      });
  }
  function renderResults(data) {
    var box = document.getElementById("results");
    box.textContent = "";
    if (data.boolean !== undefined) { box.appendChild(el("p", "ASK: " + data["boolean"])); return 1; }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = el("table"), head = el("thead"), tr = el("tr"), body = el("tbody");
    table.id = "results-table";
    vars.forEach(function (v) { tr.appendChild(el("th", v)); });
    head.appendChild(tr); table.appendChild(head);
    rows.forEach(function (row) {
      var line = el("tr");
      vars.forEach(function (v) { var td = el("td"); td.appendChild(termNode(row[v])); line.appendChild(td); });
      body.appendChild(line);
    });
    table.appendChild(body); box.appendChild(table);
    return rows.length;
  }
  function run() {
    var status = document.getElementById("status"), error = document.getElementById("error");
    error.textContent = ""; status.textContent = "running…";
    var started = performance.now();
    return sparql(editor.getValue()).then(function (data) {
      var n = renderResults(data);
      status.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + Math.round(performance.now() - started) + " ms";
    }).catch(function (e) { status.textContent = ""; error.textContent = e.message; });
  }
  document.getElementById("run").addEventListener("click", run);

  // -- examples ------------------------------------------------------------------------
  fetch("/api/queries").then(function (r) { return r.json(); }).then(function (data) {
    meta = data;
    var box = document.getElementById("examples");
    data.queries.forEach(function (q) {
      var b = el("button", q.name);
      b.type = "button"; b.title = q.question; b.setAttribute("data-query", q.name);
      b.addEventListener("click", function () {
        editor.setValue(q.sparql);
        document.getElementById("question").textContent = q.question;
        run();
      });
      box.appendChild(b);
    });
    var legend = document.getElementById("legend");
    Object.keys(data.colours).forEach(function (g) {
      var item = el("span", g), swatch = el("i");
      swatch.style.background = data.colours[g];
      item.insertBefore(swatch, item.firstChild); legend.appendChild(item);
    });
    var hash = decodeURIComponent(location.hash.replace(/^#graph=/, ""));
    if (location.hash.indexOf("#graph=") === 0 && hash) showGraph(hash);
  });

  // -- neighbourhood graph -----------------------------------------------------------------
  function toIri(text) {
    text = text.trim();
    if (/^https?:\/\//.test(text)) return text;
    return "https://w3id.org/cyberkg/id/" + text.replace(/^ckr:/, "");
  }
  function groupOf(classIri) {
    if (!classIri || classIri.indexOf(CKO) !== 0) return "Other";
    return meta.groups[classIri.slice(CKO.length)] || "Other";
  }
  var cy = null;
  function showGraph(text) {
    var iri = toIri(text);
    if (/[<>"{}|\\^`\s]/.test(iri)) { document.getElementById("error").textContent = "not an IRI: " + iri; return; }
    var q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" +
      "SELECT ?s ?p ?plabel ?o ?slabel ?olabel ?sclass ?oclass WHERE {\n" +
      "  { BIND(<" + iri + "> AS ?s) <" + iri + "> ?p ?o . FILTER(isIRI(?o)) }\n" +
      "  UNION { BIND(<" + iri + "> AS ?o) ?s ?p <" + iri + "> . }\n" +
      "  FILTER(STRSTARTS(STR(?p), \"" + CKO + "\"))\n" +
      "  ?s rdfs:label ?slabel . ?o rdfs:label ?olabel .\n" +
      "  OPTIONAL { ?p rdfs:label ?plabel }\n" +
      "  OPTIONAL { ?s a ?sclass } OPTIONAL { ?o a ?oclass }\n} LIMIT 2000";
    sparql(q).then(function (data) {
      var nodes = {}, edges = {};
      data.results.bindings.forEach(function (b) {
        [["s", "slabel", "sclass"], ["o", "olabel", "oclass"]].forEach(function (k) {
          var id = b[k[0]].value, group = groupOf(b[k[2]] && b[k[2]].value);
          if (!nodes[id] || (nodes[id].group === "Other" && group !== "Other")) {
            nodes[id] = { id: id, label: b[k[1]].value, group: group, colour: meta.colours[group] || "#fff" };
          }
        });
        var key = b.s.value + " " + b.p.value + " " + b.o.value;
        edges[key] = { id: key, source: b.s.value, target: b.o.value,
                       label: b.plabel ? b.plabel.value : shortName(b.p.value) };
      });
      var elements = Object.keys(nodes).map(function (k) { return { data: nodes[k] }; })
        .concat(Object.keys(edges).map(function (k) { return { data: edges[k] }; }));
      if (cy) cy.destroy();
      cy = cytoscape({ container: document.getElementById("graph"), elements: elements,
        layout: { name: "concentric", concentric: function (n) { return n.id() === iri ? 2 : 1; }, levelWidth: function () { return 1; }, minNodeSpacing: 30 },
        style: [
          { selector: "node", style: { "label": "data(label)", "background-color": "data(colour)", "border-width": 1,
              "border-color": "#555", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120, "width": 20, "height": 20 } },
          { selector: "edge", style: { "width": 1, "line-color": "#999", "target-arrow-shape": "triangle",
              "target-arrow-color": "#999", "curve-style": "bezier", "label": "data(label)", "font-size": 8, "color": "#555" } }
        ] });
      window.cyberkgGraph = cy;
      cy.on("tap", "node", function (evt) { showGraph(evt.target.id()); });
      var page = document.getElementById("graph-page");
      page.textContent = nodes[iri] ? "open " + nodes[iri].label : "";
      page.href = localPath(iri) || "#";
      document.getElementById("graph-entity").value = shortName(iri);
    }).catch(function (e) { document.getElementById("error").textContent = e.message; });
  }
  window.cyberkgShowGraph = showGraph;
  document.getElementById("graph-form").addEventListener("submit", function (evt) {
    evt.preventDefault();
    showGraph(document.getElementById("graph-entity").value);
  });

  // -- timeline ------------------------------------------------------------------------------
  document.getElementById("timeline-load").addEventListener("click", function () {
    var query = meta.queries.filter(function (q) { return q.name === "timeline"; })[0];
    if (!query) return;
    sparql(query.sparql).then(function (data) {
      var list = document.getElementById("timeline");
      list.textContent = "";
      data.results.bindings.forEach(function (b) {
        var li = el("li");
        li.appendChild(el("span", b.date.value, "date"));
        var a = el("a", b.label.value); a.href = localPath(b.thing.value) || b.thing.value;
        li.appendChild(a);
        li.appendChild(el("span", b.precision.value + (b.derived.value === "true" ? ", derived" : ""), "precision"));
        list.appendChild(li);
      });
    }).catch(function (e) { document.getElementById("error").textContent = e.message; });
  });
})();
