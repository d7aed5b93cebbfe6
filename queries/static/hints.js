// The cyberkg web page, part 2: the editor completes prefixes (our namespace table) and the classes and
// properties the ontology declares (read once from the endpoint), with their labels. Ctrl+Space asks;
// typing a prefixed name offers matches as you go.
(function () {
  "use strict";
  var K = window.cyberkg, editor = K.editor, prefixes = K.prefixes;
  var terms = [];  // {text: "cko:Agreement", kind: "class", label: "agreement"}
  var KINDS = { "http://www.w3.org/2002/07/owl#Class": "class",
                "http://www.w3.org/2002/07/owl#ObjectProperty": "property",
                "http://www.w3.org/2002/07/owl#DatatypeProperty": "property (value)",
                "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation" };

  K.sparql("SELECT ?term ?kind (SAMPLE(?l) AS ?label) WHERE {\n" +
    "  VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }\n" +
    "  ?term a ?kind . FILTER(isIRI(?term))\n" +
    "  OPTIONAL { ?term rdfs:label ?l FILTER(LANG(?l) = \"\" || LANGMATCHES(LANG(?l), \"en\")) }\n" +
    "} GROUP BY ?term ?kind").then(function (data) {
    var seen = {};
    data.results.bindings.forEach(function (b) {
      var text = K.shortName(b.term.value);
      if (text === b.term.value || seen[text]) return;  // only terms in a namespace we can abbreviate
      seen[text] = true;
      terms.push({ text: text, kind: KINDS[b.kind.value], label: b.label ? b.label.value : "" });
    });
    terms.sort(function (a, b) { return a.text < b.text ? -1 : a.text > b.text ? 1 : 0; });
    K.ontologyTerms = terms;
  }).catch(K.showError);

  function item(text, detail) {
    return { text: text, displayText: detail ? text + "  —  " + detail : text };
  }
  function complete(cm) {
    var cur = cm.getCursor(), line = cm.getLine(cur.line), start = cur.ch;
    while (start > 0 && /[\w:.\-]/.test(line.charAt(start - 1))) start--;
    if (start > 0 && /[?$<"'@_]/.test(line.charAt(start - 1))) return null;  // a variable, IRI, string, tag
    var word = line.slice(start, cur.ch), colon = word.indexOf(":"), list;
    if (colon < 0) {
      list = Object.keys(prefixes).filter(function (p) { return p.indexOf(word) === 0; })
        .map(function (p) { return item(p + ":", prefixes[p]); });
    } else {
      var prefix = word.slice(0, colon + 1), local = word.slice(colon + 1).toLowerCase();
      var starts = [], mentions = [];  // names that start so first, then names or labels that contain it
      terms.forEach(function (t) {
        if (t.text.indexOf(prefix) !== 0) return;
        var name = t.text.slice(prefix.length).toLowerCase();
        if (name.indexOf(local) === 0) starts.push(t);
        else if (local.length > 1 && (name + " " + t.label.toLowerCase()).indexOf(local) >= 0) mentions.push(t);
      });
      list = starts.concat(mentions).map(function (t) { return item(t.text, t.kind + (t.label ? ": " + t.label : "")); });
    }
    if (!list.length || (list.length === 1 && list[0].text === word)) return null;
    return { list: list.slice(0, 60), from: CodeMirror.Pos(cur.line, start), to: CodeMirror.Pos(cur.line, cur.ch) };
  }
  K.completeSparql = complete;
  editor.setOption("hintOptions", { hint: complete, completeSingle: false });
  editor.addKeyMap({ "Ctrl-Space": "autocomplete" });
  editor.on("inputRead", function (cm, change) {
    if (cm.state.completionActive || change.origin !== "+input") return;
    var type = cm.getTokenTypeAt(cm.getCursor()) || "";
    if (/string|comment/.test(type)) return;
    if (/[\w:]$/.test(change.text[change.text.length - 1])) cm.showHint();
  });
})();
