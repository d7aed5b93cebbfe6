// The cyberkg web page, part 1: the SPARQL editor with examples, results with entity links, downloads,
// permalinks (the address holds the query and the chosen entity; back and forward work), the neighbourhood
// graph and the timeline. Shared helpers live on window.cyberkg for hints.js and explore.js.
// Everything that comes from the graph is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var PREFIXES = window.CYBERKG_PREFIXES || {};
  var CKO = PREFIXES.cko, CKR = PREFIXES.ckr;
  var LOCAL = {};
  LOCAL[PREFIXES.ckr] = "/id/"; LOCAL[PREFIXES.doc] = "/doc/"; LOCAL[PREFIXES.topic] = "/topic/";
  var meta = { queries: [], groups: {}, colours: {} };
  var K = window.cyberkg = { prefixes: PREFIXES, meta: meta, entityListeners: [] };
  var editor = CodeMirror.fromTextArea(document.getElementById("sparql"), {
    mode: "sparql", lineNumbers: true, matchBrackets: true,
    extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
  });
  window.cyberkgEditor = K.editor = editor;

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
  function shortName(iri) {  // the longest matching namespace wins (ckg: vs cko:)
    var best = null;
    Object.keys(PREFIXES).forEach(function (p) {
      var ns = PREFIXES[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > PREFIXES[best].length)) best = p;
    });
    return best ? best + ":" + iri.slice(PREFIXES[best].length) : iri;
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
  // A SPARQL string literal for any text (search input): escapes, so input can never end the literal.
  function literal(text) {
    return "\"" + String(text).replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t").replace(/[\u0000-\u001f]/g, "") + "\"";
  }
  function post(text, accept) {
    return fetch("/sparql", { method: "POST", body: text,
      headers: { "Content-Type": "application/sparql-query", "Accept": accept } })
      .then(function (response) {
        if (!response.ok) return response.text().then(function (t) { throw new Error(response.status + ": " + t); });
        return response;
      });
  }
  function sparql(text) {
    return post(text, "application/sparql-results+json").then(function (r) { return r.json(); });
  }
  K.el = el; K.localPath = localPath; K.shortName = shortName; K.termNode = termNode; K.sparql = sparql;
  K.literal = literal;
  K.showError = function (e) { document.getElementById("error").textContent = e.message || String(e); };

  // -- running a query and showing its results ---------------------------------------------
  var RESULT_TYPES = "application/sparql-results+json, text/turtle;q=0.9";
  var lastRun = { text: null, graph: false };
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
  function renderGraph(turtle) {  // CONSTRUCT / DESCRIBE
    var box = document.getElementById("results");
    box.textContent = "";
    var pre = el("pre", turtle); pre.id = "results-turtle";
    box.appendChild(pre);
    return turtle.split("\n").filter(function (l) { return /[.;,]\s*$/.test(l) && l.indexOf("@prefix") !== 0; }).length;
  }
  function run(options) {
    var status = document.getElementById("status"), error = document.getElementById("error");
    var text = editor.getValue();
    error.textContent = ""; status.textContent = "running…";
    if (!options || options.push !== false) setState({ query: text });
    shown.query = text;
    var started = performance.now();
    return post(text, RESULT_TYPES).then(function (response) {
      var graph = (response.headers.get("Content-Type") || "").indexOf("turtle") >= 0;
      return (graph ? response.text() : response.json()).then(function (body) {
        var n = graph ? renderGraph(body) : renderResults(body);
        lastRun = { text: text, graph: graph };
        document.getElementById("downloads").hidden = false;
        document.getElementById("download-csv").hidden = graph;
        document.getElementById("download-json").textContent = graph ? "Turtle" : "JSON";
        status.textContent = (graph ? n + " statement" : n + " row") + (n === 1 ? "" : "s") + " in " +
          Math.round(performance.now() - started) + " ms";
      });
    }).catch(function (e) { status.textContent = ""; error.textContent = e.message; });
  }
  K.run = run;
  document.getElementById("run").addEventListener("click", function () { run(); });

  // -- downloads: the same query again, asked for in the file's own format, saved as a Blob ---------
  function download(kind) {
    if (lastRun.text === null) return;
    var types = { csv: ["text/csv", "csv"], json: lastRun.graph ? ["text/turtle", "ttl"]
                                                             : ["application/sparql-results+json", "json"] };
    var type = types[kind];
    post(lastRun.text, type[0]).then(function (r) { return r.blob(); }).then(function (blob) {
      var url = URL.createObjectURL(blob), a = el("a");
      a.href = url; a.download = "cyberkg-results." + type[1];
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }).catch(K.showError);
  }
  document.getElementById("download-csv").addEventListener("click", function () { download("csv"); });
  document.getElementById("download-json").addEventListener("click", function () { download("json"); });

  // -- the address holds the state: ?query=…&entity=… (also read: #query=…, #graph=…) -----------
  function readState() {
    var params = new URLSearchParams(location.search), hash = location.hash;
    var state = { query: params.get("query"), entity: params.get("entity") };
    if (hash.indexOf("#query=") === 0) state.query = decodeURIComponent(hash.slice(7));
    if (hash.indexOf("#graph=") === 0) state.entity = decodeURIComponent(hash.slice(7));
    return state;
  }
  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.query) params.set("query", state.query);
    if (state.entity) params.set("entity", state.entity);
    var search = params.toString();
    return location.pathname + (search ? "?" + search : "");
  }
  function setState(change) {
    var state = readState();
    var next = { query: "query" in change ? change.query : state.query,
                 entity: "entity" in change ? change.entity : state.entity };
    if (next.query === state.query && next.entity === state.entity && !location.hash) return;
    history.pushState(next, "", urlFor(next));
  }
  var shown = { query: null, entity: null };
  function restore() {
    var state = readState();
    if (state.query && state.query !== shown.query) {
      editor.setValue(state.query);
      document.getElementById("question").textContent = "";
      run({ push: false });
    }
    if (state.entity && state.entity !== shown.entity) selectEntity(state.entity, { push: false });
  }
  window.addEventListener("popstate", restore);

  // -- examples ------------------------------------------------------------------------
  fetch("/api/queries").then(function (r) { return r.json(); }).then(function (data) {
    meta.queries = data.queries; meta.groups = data.groups; meta.colours = data.colours;
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
  }).catch(K.showError).then(restore);

  // -- neighbourhood graph -----------------------------------------------------------------
  function toIri(text) {
    text = text.trim();
    if (/^https?:\/\//.test(text)) return text;
    var m = /^([A-Za-z][\w-]*):(.+)$/.exec(text);
    if (m && PREFIXES[m[1]]) return PREFIXES[m[1]] + m[2];
    return CKR + text;
  }
  function groupOf(classIri) {
    if (!classIri || classIri.indexOf(CKO) !== 0) return "Other";
    return meta.groups[classIri.slice(CKO.length)] || "Other";
  }
  var cy = null;
  function showGraph(iri) {
    var q = "SELECT ?s ?p ?plabel ?o ?slabel ?olabel ?sclass ?oclass WHERE {\n" +
      "  { BIND(<" + iri + "> AS ?s) <" + iri + "> ?p ?o . FILTER(isIRI(?o)) }\n" +
      "  UNION { BIND(<" + iri + "> AS ?o) ?s ?p <" + iri + "> . }\n" +
      "  FILTER(STRSTARTS(STR(?p), \"" + CKO + "\"))\n" +
      "  ?s rdfs:label ?slabel . ?o rdfs:label ?olabel .\n" +
      "  OPTIONAL { ?p rdfs:label ?plabel }\n" +
      "  OPTIONAL { ?s a ?sclass } OPTIONAL { ?o a ?oclass }\n} LIMIT 2000";
    return sparql(q).then(function (data) {
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
      cy.on("tap", "node", function (evt) { selectEntity(evt.target.id()); });
      var page = document.getElementById("graph-page");
      page.textContent = nodes[iri] ? "open " + nodes[iri].label : "";
      page.href = localPath(iri) || "#";
      document.getElementById("graph-entity").value = shortName(iri);
    }).catch(K.showError);
  }
  // Choosing an entity (search, node, hub, address): its neighbourhood drawn and its facts listed at once.
  function selectEntity(text, options) {
    var iri = toIri(text);
    // it goes between < and > in queries: a character that could end the IRI stops it here
    if (/[<>"{}|\\^`\s]/.test(iri)) { K.showError(new Error("not an IRI: " + iri)); return Promise.resolve(); }
    shown.entity = iri;
    if (!options || options.push !== false) setState({ entity: iri });
    K.entityListeners.forEach(function (listen) { listen(iri); });
    return showGraph(iri);
  }
  K.selectEntity = window.cyberkgShowGraph = selectEntity;
  document.getElementById("graph-form").addEventListener("submit", function (evt) {
    evt.preventDefault();
    selectEntity(document.getElementById("graph-entity").value);
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
    }).catch(K.showError);
  });
})();
