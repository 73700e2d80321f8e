// Gaggle's GraphQL IDE: an editor, a result pane and a schema explorer, with nothing loaded
// from elsewhere. Requests go to /graphql as the signed-in user: the session cookie, with the
// CSRF token in the X-CSRFToken header.
(function () {
  "use strict";

  var EXAMPLE = [
    "# Run with Ctrl+Enter. The explorer on the right lists what you can ask for.",
    "query Me {",
    "  currentUser {",
    "    pk",
    "    fullName",
    "    user { email }",
    "    recognitionReceived(first: 5) {",
    "      totalCount",
    "      edges { node { message awardedDate sender { fullName } badge { name } } }",
    "    }",
    "  }",
    "}",
    ""
  ].join("\n");
  var STORE = "gaggle.graphql.ide";
  var ROOT = window.GAGGLE_ROOT || "";

  var query = document.getElementById("query");
  var variables = document.getElementById("variables");
  var result = document.getElementById("result");
  var status = document.getElementById("status");
  var explorer = document.getElementById("explorer");
  var search = document.getElementById("search");

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : window.GAGGLE_CSRF;
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      query.value = saved.query || EXAMPLE;
      variables.value = saved.variables || "";
    } catch (ignored) {
      query.value = EXAMPLE;
    }
  }

  function save() {
    try {
      window.localStorage.setItem(
        STORE, JSON.stringify({ query: query.value, variables: variables.value })
      );
    } catch (ignored) { /* private browsing: nothing is kept */ }
  }

  function post(body) {
    return fetch(ROOT + "/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.redirected || response.status === 401) {
        window.location.assign(ROOT + "/accounts/login/?next=/graphql");
      }
      return response.text().then(function (text) {
        var parsed;
        try { parsed = JSON.parse(text); } catch (ignored) { parsed = text; }
        return { status: response.status, body: parsed };
      });
    });
  }

  function run() {
    var vars = null;
    if (variables.value.trim()) {
      try {
        vars = JSON.parse(variables.value);
      } catch (error) {
        status.textContent = "";
        result.className = "error";
        result.textContent = "The variables are not valid JSON: " + error.message;
        return;
      }
    }
    save();
    var started = Date.now();
    status.textContent = "running…";
    post({ query: query.value, variables: vars }).then(function (answer) {
      status.textContent = "HTTP " + answer.status + " · " + (Date.now() - started) + " ms";
      var failed = answer.status !== 200 || (answer.body && answer.body.errors);
      result.className = failed ? "error" : "";
      result.textContent = typeof answer.body === "string"
        ? answer.body : JSON.stringify(answer.body, null, 2);
    }, function (error) {
      status.textContent = "";
      result.className = "error";
      result.textContent = "The request failed: " + error.message;
    });
  }

  // A light re-indentation by braces and parentheses; strings and comments are kept as they are.
  function prettify(text) {
    var out = [], depth = 0, line = "", inString = false;
    function flush() {
      if (line.trim()) { out.push(new Array(depth + 1).join("  ") + line.trim()); }
      line = "";
    }
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (inString) {
        line += c;
        if (c === "\\") { line += text[++i] || ""; } else if (c === '"') { inString = false; }
        continue;
      }
      if (c === '"') { inString = true; line += c; continue; }
      if (c === "#") {
        var end = text.indexOf("\n", i);
        end = end < 0 ? text.length : end;
        line += text.slice(i, end);
        i = end - 1;
        continue;
      }
      if (c === "{") { line += " {"; flush(); depth++; continue; }
      if (c === "}") { flush(); depth = Math.max(depth - 1, 0); line = "}"; flush(); continue; }
      if (c === "\n") { flush(); continue; }
      line += c;
    }
    flush();
    return out.join("\n").replace(/ +\{/g, " {") + "\n";
  }

  // -- the explorer -------------------------------------------------------------------------

  var INTROSPECTION = [
    "query Explorer { __schema { queryType { name } mutationType { name }",
    "  types { name kind description",
    "    fields { name description args { name description type { ...Ref } } type { ...Ref } }",
    "    inputFields { name description type { ...Ref } }",
    "    enumValues { name description } } } }",
    "fragment Ref on __Type { kind name ofType { kind name ofType { kind name",
    "  ofType { kind name ofType { kind name } } } } }"
  ].join("\n");
  var types = {};
  var roots = [];

  function typeName(ref) {
    if (!ref) { return ""; }
    if (ref.kind === "NON_NULL") { return typeName(ref.ofType) + "!"; }
    if (ref.kind === "LIST") { return "[" + typeName(ref.ofType) + "]"; }
    return ref.name;
  }

  function namedType(ref) {
    while (ref && ref.ofType) { ref = ref.ofType; }
    return ref ? ref.name : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function typeLink(ref) {
    var link = element("a", "type", typeName(ref));
    link.addEventListener("click", function () { show(namedType(ref)); });
    return link;
  }

  function show(name) {
    var type = types[name];
    explorer.textContent = "";
    if (!type) { return; }
    var back = element("a", "", "← Query and Mutation");
    back.addEventListener("click", showRoots);
    explorer.appendChild(back);
    explorer.appendChild(element("h3", "name", type.name));
    if (type.description) { explorer.appendChild(element("p", "description", type.description)); }
    (type.fields || type.inputFields || []).forEach(function (field) {
      var row = element("div", "field");
      row.appendChild(element("span", "name", field.name));
      if (field.args && field.args.length) {
        row.appendChild(document.createTextNode("(" + field.args.map(function (arg) {
          return arg.name + ": " + typeName(arg.type);
        }).join(", ") + ")"));
      }
      row.appendChild(document.createTextNode(": "));
      row.appendChild(typeLink(field.type));
      if (field.description) { row.appendChild(element("div", "description", field.description)); }
      explorer.appendChild(row);
    });
    (type.enumValues || []).forEach(function (value) {
      var row = element("div", "field");
      row.appendChild(element("span", "name", value.name));
      if (value.description) { row.appendChild(element("div", "description", value.description)); }
      explorer.appendChild(row);
    });
  }

  function showRoots() {
    explorer.textContent = "";
    roots.forEach(function (name) {
      var link = element("a", "name", name);
      link.addEventListener("click", function () { show(name); });
      var row = element("div", "field");
      row.appendChild(link);
      if (types[name] && types[name].description) {
        row.appendChild(element("div", "description", types[name].description));
      }
      explorer.appendChild(row);
    });
  }

  function find() {
    var wanted = search.value.trim().toLowerCase();
    if (!wanted) { showRoots(); return; }
    explorer.textContent = "";
    Object.keys(types).sort().forEach(function (name) {
      if (name.indexOf("__") === 0 || name.toLowerCase().indexOf(wanted) < 0) { return; }
      var link = element("a", "name", name);
      link.addEventListener("click", function () { show(name); });
      var row = element("div", "field");
      row.appendChild(link);
      explorer.appendChild(row);
    });
  }

  function loadSchema() {
    post({ query: INTROSPECTION }).then(function (answer) {
      var schema = answer.body && answer.body.data && answer.body.data.__schema;
      if (!schema) {
        explorer.textContent = "The schema could not be read (HTTP " + answer.status + ").";
        return;
      }
      schema.types.forEach(function (type) { types[type.name] = type; });
      roots = [schema.queryType && schema.queryType.name, schema.mutationType && schema.mutationType.name]
        .filter(Boolean);
      showRoots();
    }, function (error) {
      explorer.textContent = "The schema could not be read: " + error.message;
    });
  }

  document.getElementById("run").addEventListener("click", run);
  document.getElementById("prettify").addEventListener("click", function () {
    query.value = prettify(query.value);
    save();
  });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    }
  });
  query.addEventListener("input", save);
  variables.addEventListener("input", save);
  search.addEventListener("input", find);
  load();
  loadSchema();
}());
