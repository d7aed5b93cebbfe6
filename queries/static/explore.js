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
  K.sparql("SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {\n" +
    "  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(cko:)))\n" +
    "  OPTIONAL { ?class rdfs:label ?l }\n} GROUP BY ?class ORDER BY DESC(?n) ?class").then(function (data) {
    var body = document.querySelector("#class-counts tbody"), facts = 0, mappings = 0;
    data.results.bindings.forEach(function (b) {
      var iri = b["class"].value, n = Number(b.n.value);
      if (iri === BOOKKEEPING[0]) { facts = n; return; }
      if (iri === BOOKKEEPING[1]) { mappings = n; return; }
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
    document.getElementById("totals").setAttribute("data-facts", facts);
    document.getElementById("totals").textContent = facts.toLocaleString("en") + " facts, each quoted from a source · " +
      mappings.toLocaleString("en") + " links to external datasets";
  }).catch(K.showError);

  K.sparql("SELECT ?doc ?title ?publisher ?date (COUNT(DISTINCT ?ev) AS ?facts) WHERE {\n" +
    "  ?doc a/rdfs:subClassOf* cko:SourceDocument .\n" +
    "  OPTIONAL { ?doc rdfs:label ?title }\n" +
    "  OPTIONAL { ?doc cko:publisher/rdfs:label ?publisher }\n" +
    "  OPTIONAL { ?doc cko:date ?date }\n" +
    "  OPTIONAL { ?ev prov:wasQuotedFrom ?doc }\n" +
    "} GROUP BY ?doc ?title ?publisher ?date ORDER BY DESC(?facts) ?doc LIMIT 50").then(function (data) {
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

  K.sparql("SELECT ?e (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?other) AS ?n) WHERE {\n" +
    "  { ?e ?p ?other } UNION { ?other ?p ?e }\n" +
    "  FILTER(STRSTARTS(STR(?p), STR(cko:)) && STRSTARTS(STR(?e), STR(ckr:)) && STRSTARTS(STR(?other), STR(ckr:)))\n" +
    "  ?e rdfs:label ?l .\n} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 10").then(function (data) {
    var list = document.getElementById("hubs");
    data.results.bindings.forEach(function (b) {
      var li = el("li");
      li.appendChild(entityLink(b.e.value, b.label.value));
      li.appendChild(el("span", " · " + b.n.value + " neighbours", "count"));
      list.appendChild(li);
    });
  }).catch(K.showError);

  // -- search: labels and aliases (skos:altLabel), prefix matches first, then shorter names -----------
  var input = document.getElementById("search"), listbox = document.getElementById("search-list");
  var asked = 0, active = -1, timer = null;
  function searchQuery(text) {
    var needle = K.literal(text.toLowerCase());
    return "SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?m) AS ?match) (SAMPLE(?c) AS ?class) (MIN(?rank) AS ?r) WHERE {\n" +
      "  { ?e rdfs:label ?m } UNION { ?e skos:altLabel ?m }\n" +
      "  FILTER(CONTAINS(LCASE(STR(?m)), " + needle + "))\n" +
      "  FILTER(" + SPACES.map(function (s) { return "STRSTARTS(STR(?e), " + K.literal(s) + ")"; }).join(" || ") + ")\n" +
      "  BIND(IF(STRSTARTS(LCASE(STR(?m)), " + needle + "), 0, 1) AS ?rank)\n" +
      "  ?e rdfs:label ?l .\n" +
      "  OPTIONAL { ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(cko:)))\n" +
      "             FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?c } }\n" +
      "} GROUP BY ?e ORDER BY ?r STRLEN(?label) ?label LIMIT 12";
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
    K.sparql(searchQuery(text)).then(function (data) {
      if (mine !== asked) return;  // a newer keystroke already asked again
      close();
      data.results.bindings.forEach(function (b) {
        var li = el("li");
        li.setAttribute("role", "option");
        li.setAttribute("data-iri", b.e.value);
        li.setAttribute("data-label", b.label.value);
        li.appendChild(el("span", b.label.value, "label"));
        if (b.match.value !== b.label.value) li.appendChild(el("span", " (" + b.match.value + ")", "alias"));
        if (b["class"]) li.appendChild(el("span", K.shortName(b["class"].value), "kind"));
        li.addEventListener("mousedown", function (evt) { evt.preventDefault(); choose(li); });
        listbox.appendChild(li);
      });
      if (!data.results.bindings.length) listbox.appendChild(el("li", "nothing matches “" + text + "”", "none"));
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
