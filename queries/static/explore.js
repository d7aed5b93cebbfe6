// The cyberkg web page, part 3: where an analyst starts without SPARQL. An overview (entities by class,
// the sources, the most connected entities), a search over labels and aliases, and the chosen entity's
// facts with their sources and quotes. Every piece is a SPARQL query sent to /sparql like any other.
(function () {
  "use strict";
  var K = window.cyberkg, el = K.el, P = K.prefixes;
  var SPACES = [P.ckr, P.topic, P.doc];
  var BOOKKEEPING = [P.cko + "Evidence", P.cko + "Mapping"];  // provenance records, not things in the world

  // -- overview --------------------------------------------------------------------------------
  function entityLink(iri, label) {
    var a = el("a", label || K.shortName(iri));
    a.href = "?entity=" + encodeURIComponent(iri);
    a.setAttribute("data-iri", iri);
    a.addEventListener("click", function (evt) { evt.preventDefault(); K.selectEntity(iri); });
    return a;
  }
  function classQuery(iri) {
    var name = K.shortName(iri);
    return "# Every " + name + " (including its subclasses), with its label\n" +
      "SELECT DISTINCT ?entity ?label WHERE {\n" +
      "  ?entity a/rdfs:subClassOf* " + name + " ;\n" +
      "          rdfs:label ?label .\n} ORDER BY ?label LIMIT 1000";
  }
  // Each query below starts from the ontology or an index-friendly pattern and leaves string tests to
  // the few rows that remain: at 1.4M quads each answers in under 1.5 s (README § SPARQL endpoint).
  function inSpaces(iri) { return SPACES.some(function (s) { return iri.indexOf(s) === 0; }); }
  function values(iris) { return "VALUES ?e { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") + " }"; }
  // labels and most specific cko: class of a few entities
  function describe(iris) {
    if (!iris.length) return Promise.resolve({});
    return K.sparql("SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?class) WHERE { " + values(iris) + "\n" +
      "  ?e rdfs:label ?l .\n" +
      "  OPTIONAL { ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(cko:)))\n" +
      "             FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?c } }\n} GROUP BY ?e").then(function (data) {
      var out = {};
      data.results.bindings.forEach(function (b) {
        out[b.e.value] = { label: b.label.value, cls: b["class"] ? b["class"].value : null };
      });
      return out;
    });
  }
  function counted(query, name) {
    return K.sparql(query).then(function (data) { return Number(data.results.bindings[0][name].value); });
  }
  Promise.all([counted("SELECT (COUNT(*) AS ?n) WHERE { ?e a cko:Evidence }", "n"),
               counted("SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?ev prov:wasQuotedFrom ?doc }", "n"),
               counted("SELECT (COUNT(*) AS ?n) WHERE { ?m a cko:Mapping }", "n")]).then(function (n) {
    var totals = document.getElementById("totals");
    totals.setAttribute("data-facts", n[0]);
    totals.textContent = n[0].toLocaleString("en") + " facts, each quoted from one of " + n[1].toLocaleString("en") +
      " sources · " + n[2].toLocaleString("en") + " links to external datasets";
  }).catch(K.showError);

  K.sparql("SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {\n" +
    "  ?class a owl:Class . FILTER(STRSTARTS(STR(?class), STR(cko:)) && ?class NOT IN (cko:Evidence, cko:Mapping))\n" +
    "  ?s a ?class .\n  OPTIONAL { ?class rdfs:label ?l }\n} GROUP BY ?class ORDER BY DESC(?n) ?class").then(function (data) {
    var body = document.querySelector("#class-counts tbody");
    data.results.bindings.forEach(function (b) {
      var iri = b["class"].value, n = Number(b.n.value);
      var tr = el("tr"), name = el("td"), a = el("a", K.shortName(iri));
      a.href = "?query=" + encodeURIComponent(classQuery(iri));
      a.setAttribute("data-class", iri);
      if (b.label) a.title = b.label.value;
      a.addEventListener("click", function (evt) {
        evt.preventDefault();
        K.editor.setValue(classQuery(iri));
        document.getElementById("question").textContent = "";
        K.run();
        document.getElementById("query-panel").scrollIntoView();
      });
      name.appendChild(a); tr.appendChild(name); tr.appendChild(el("td", n.toLocaleString("en"), "count"));
      body.appendChild(tr);
    });
  }).catch(K.showError);

  K.sparql("SELECT ?doc ?title ?publisher ?date ?facts WHERE {\n" +
    "  { SELECT ?doc (COUNT(?ev) AS ?facts) WHERE { ?ev prov:wasQuotedFrom ?doc }\n" +
    "    GROUP BY ?doc ORDER BY DESC(?facts) ?doc LIMIT 50 }\n" +
    "  OPTIONAL { ?doc rdfs:label ?title }\n" +
    "  OPTIONAL { ?doc cko:publisher/rdfs:label ?publisher }\n" +
    "  OPTIONAL { ?doc cko:date ?date }\n} ORDER BY DESC(?facts) ?doc").then(function (data) {
    var list = document.getElementById("sources");
    data.results.bindings.forEach(function (b) {
      var li = el("li"), a = el("a", b.title ? b.title.value : K.shortName(b.doc.value));
      a.href = K.localPath(b.doc.value) || b.doc.value;
      li.appendChild(a);
      var about = [b.publisher && b.publisher.value, b.date && b.date.value].filter(Boolean).join(", ");
      if (about) li.appendChild(el("span", " — " + about, "publisher"));
      li.appendChild(el("span", " · " + b.facts.value + " facts", "count"));
      list.appendChild(li);
    });
  }).catch(K.showError);

  // neighbours over the ontology's object properties (time units are not neighbours), then our entities only
  K.sparql("SELECT ?e (COUNT(DISTINCT ?other) AS ?n) WHERE {\n" +
    "  ?p a owl:ObjectProperty . FILTER(?p != cko:datePrecision)\n" +
    "  { ?e ?p ?other } UNION { ?other ?p ?e }\n} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 40").then(function (data) {
    var hubs = data.results.bindings.filter(function (b) { return b.e.value.indexOf(P.ckr) === 0; }).slice(0, 10);
    return describe(hubs.map(function (b) { return b.e.value; })).then(function (about) {
      var list = document.getElementById("hubs");
      hubs.forEach(function (b) {
        var li = el("li"), e = about[b.e.value];
        li.appendChild(entityLink(b.e.value, e ? e.label : null));
        li.appendChild(el("span", " · " + b.n.value + " neighbours", "count"));
        list.appendChild(li);
      });
    });
  }).catch(K.showError);

  // -- search: labels and aliases (skos:altLabel), prefix matches first, then shorter names -----------
  var input = document.getElementById("search"), listbox = document.getElementById("search-list");
  var asked = 0, active = -1, timer = null;
  // names that start with the text first, then shorter ones; our entities only (not ontology terms)
  function searchQuery(text) {
    var needle = K.literal(text.toLowerCase());
    return "SELECT ?e ?m WHERE {\n  { ?e rdfs:label ?m } UNION { ?e skos:altLabel ?m }\n" +
      "  FILTER(CONTAINS(LCASE(?m), " + needle + "))\n" +
      "} ORDER BY (!STRSTARTS(LCASE(?m), " + needle + ")) STRLEN(?m) ?e LIMIT 120";
  }
  function close() {
    listbox.hidden = true; listbox.textContent = ""; active = -1;
    input.setAttribute("aria-expanded", "false");
  }
  function choose(option) {
    input.value = option.getAttribute("data-label");
    close();
    K.selectEntity(option.getAttribute("data-iri"));
  }
  function highlight(index) {
    var options = listbox.querySelectorAll("li");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
  }
  function search() {
    var text = input.value.trim(), mine = ++asked;
    if (text.length < 2) { close(); return; }
    var matches = {}, order = [];
    K.sparql(searchQuery(text)).then(function (data) {
      data.results.bindings.forEach(function (b) {
        var iri = b.e.value;
        if (b.e.type !== "uri" || !inSpaces(iri) || matches[iri] || order.length >= 12) return;
        matches[iri] = b.m.value; order.push(iri);
      });
      return describe(order);
    }).then(function (about) {
      if (mine !== asked) return;  // a newer keystroke already asked again
      close();
      order.filter(function (iri) { return about[iri]; }).forEach(function (iri) {
        var li = el("li"), e = about[iri];
        li.setAttribute("role", "option");
        li.setAttribute("data-iri", iri);
        li.setAttribute("data-label", e.label);
        li.appendChild(el("span", e.label, "label"));
        if (matches[iri] !== e.label) li.appendChild(el("span", " (" + matches[iri] + ")", "alias"));
        if (e.cls) li.appendChild(el("span", K.shortName(e.cls), "kind"));
        li.addEventListener("mousedown", function (evt) { evt.preventDefault(); choose(li); });
        listbox.appendChild(li);
      });
      if (!listbox.children.length) listbox.appendChild(el("li", "nothing matches “" + text + "”", "none"));
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }).catch(K.showError);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
  input.addEventListener("keydown", function (evt) {
    var options = listbox.querySelectorAll("li[data-iri]");
    if (evt.key === "ArrowDown") { evt.preventDefault(); highlight(active + 1); }
    else if (evt.key === "ArrowUp") { evt.preventDefault(); highlight(active - 1); }
    else if (evt.key === "Escape") close();
    else if (evt.key === "Enter" && options.length) {
      evt.preventDefault(); choose(options[Math.max(active, 0)]);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });

  // -- the chosen entity's facts, each with its sources and quotes one click away -----------------------
  function factsQuery(iri) {
    var me = "<" + iri + ">";
    // ?inferred: the fact is in the graph of materialised entailments (when the store has one)
    return "SELECT ?dir ?p ?plabel ?o ?olabel ?doc ?title ?quote ?inferred WHERE {\n" +
      "  { BIND(\"out\" AS ?dir) " + me + " ?p ?o . FILTER(?p != schema:text)\n" +
      "    OPTIONAL { GRAPH ckg:inferred { " + me + " ?p ?o } BIND(true AS ?inferred) }\n" +
      "    OPTIONAL { ?ev rdf:subject " + me + " ; rdf:predicate ?p ; rdf:object ?o ; prov:wasQuotedFrom ?doc ; cko:quote ?quote .\n" +
      "      OPTIONAL { ?doc rdfs:label ?title } } }\n" +
      "  UNION\n" +
      "  { BIND(\"in\" AS ?dir) ?o ?p " + me + " . FILTER(?p NOT IN (rdf:subject, rdf:object, rdf:predicate))\n" +
      "    OPTIONAL { GRAPH ckg:inferred { ?o ?p " + me + " } BIND(true AS ?inferred) }\n" +
      "    OPTIONAL { ?ev rdf:subject ?o ; rdf:predicate ?p ; rdf:object " + me + " ; prov:wasQuotedFrom ?doc ; cko:quote ?quote .\n" +
      "      OPTIONAL { ?doc rdfs:label ?title } } }\n" +
      "  OPTIONAL { ?p rdfs:label ?plabel } OPTIONAL { ?o rdfs:label ?olabel }\n" +
      "} LIMIT 2000";
  }
  function showFacts(iri) {
    var body = document.querySelector("#facts tbody"), intro = document.getElementById("facts-intro");
    body.textContent = "";
    intro.textContent = "loading…";
    K.sparql(factsQuery(iri)).then(function (data) {
      var facts = {}, order = [];
      data.results.bindings.forEach(function (b) {
        var key = b.dir.value + " " + b.p.value + " " + b.o.value;
        if (!facts[key]) { facts[key] = { b: b, sources: {} }; order.push(key); }
        if (b.doc) facts[key].sources[b.doc.value + "\n" + b.quote.value] = b;
      });
      function sortKey(b) { return (b.dir.value === "out" ? "0" : "1") + (b.plabel || b.p).value; }
      order.sort(function (x, y) { return sortKey(facts[x].b).localeCompare(sortKey(facts[y].b)); });
      order.forEach(function (key) { body.appendChild(factRow(facts[key])); });
      intro.textContent = "";
      var page = el("a", order.length + " facts about " + K.shortName(iri) + ": open its page");
      page.href = K.localPath(iri) || "/resource?iri=" + encodeURIComponent(iri);
      page.id = "facts-page";
      intro.appendChild(page);
    }).catch(function (e) { intro.textContent = ""; K.showError(e); });
  }
  function factRow(fact) {
    var b = fact.b, tr = el("tr"), p = el("td", (b.dir.value === "in" ? "← " : "") +
      (b.plabel ? b.plabel.value : K.shortName(b.p.value)), "property");
    var value = el("td"), sources = el("td", null, "sources");
    if (b.o.type === "uri") {
      var inside = SPACES.some(function (s) { return b.o.value.indexOf(s) === 0; });
      value.appendChild(inside ? entityLink(b.o.value, b.olabel ? b.olabel.value : null) : K.termNode(b.o));
    } else {
      value.appendChild(el("span", b.o.value));
    }
    var keys = Object.keys(fact.sources);
    if (keys.length) {
      var details = el("details"), summary = el("summary", keys.length + " source" + (keys.length === 1 ? "" : "s"));
      details.appendChild(summary);
      keys.forEach(function (k) {
        var s = fact.sources[k], div = el("div"), a = el("a", s.title ? s.title.value : K.shortName(s.doc.value));
        a.href = K.localPath(s.doc.value) || s.doc.value;
        div.appendChild(a); div.appendChild(el("blockquote", s.quote.value));
        details.appendChild(div);
      });
      sources.appendChild(details);
    } else if (b.inferred) {
      sources.appendChild(el("span", "inferred from the ontology", "inferred"));
    }
    tr.appendChild(p); tr.appendChild(value); tr.appendChild(sources);
    return tr;
  }
  K.entityListeners.push(showFacts);
})();
