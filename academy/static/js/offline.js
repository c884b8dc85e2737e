/* Taawuniya Academy, offline use. Optional: every page reads and works without it.
 * - "Save this module for offline" (course page): shows the size first, then stores the
 *   module's lessons (and its practice quiz) in the Cache API; sw.js serves them offline.
 * - "Mark as done" with no network: queued in IndexedDB (client time + idempotency key) and
 *   sent to /api/v1/progress/events/ when back online; the server records each event once.
 * - Offline practice: checks answers on the device (practice quizzes only) and queues each
 *   answer like a completion; the server grades it again and keeps its own verdict.
 * Never: hold a graded quiz's answers, or trust the device for anything but a request. */
(function () {
  "use strict";
  var d = document, nav = navigator, me = d.currentScript, CACHE = "taawuniya-offline";
  var API = "/api/v1/progress/events/", user = me.getAttribute("data-u");
  function t(el, k) { return el.getAttribute("data-t-" + k) || ""; }
  function say(el, text) { if (el) el.textContent = text; }

  /* IndexedDB queue of events, keyed by idempotency key. */
  function store(mode, fn) {
    return new Promise(function (ok, ko) {
      var open = indexedDB.open("taawuniya", 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore("queue", { keyPath: "idempotency_key" });
      };
      open.onerror = function () { ko(open.error); };
      open.onsuccess = function () {
        var tx = open.result.transaction("queue", mode), req = fn(tx.objectStore("queue"));
        tx.oncomplete = function () { ok(req && req.result); };
        tx.onerror = function () { ko(tx.error); };
      };
    });
  }
  function queued() { return store("readonly", function (s) { return s.getAll(); }); }
  function uuid() {
    return crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function csrf() {
    var m = /(?:^|;\s*)csrftoken=([^;]+)/.exec(d.cookie);
    var i = d.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? m[1] : i ? i.value : "";
  }

  var syncing = null, again = false;
  function sync() {
    if (syncing) { again = true; return syncing; } /* once more when this batch is done */
    if (!nav.onLine || !window.indexedDB) return null;
    syncing = queued().then(function (events) {
      /* Only this learner's events: a shared phone may hold another's, sent when they log in. */
      events = (events || []).filter(function (e) { return e.u === user; });
      if (!events.length) return;
      var batch = events.slice(0, 100).map(function (e) {
        var b = { idempotency_key: e.idempotency_key, verb: e.verb, item: e.item, occurred_at: e.occurred_at };
        if (e.verb === "answered") { b.question = e.question; b.response = e.response; }
        return b;
      }); /* the rest goes with the next page */
      return fetch(API, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ events: batch })
      }).then(function (r) {
        if (r.status === 400) return batch.map(function (e) { return { idempotency_key: e.idempotency_key }; });
        return r.ok ? r.json().then(function (b) { return b.results; }) : [];
      }).then(function (done) {
        /* Recorded, duplicate or rejected: the server has decided; drop it from the queue. */
        return store("readwrite", function (s) {
          done.forEach(function (x) { s.delete(x.idempotency_key); });
        });
      });
    }).catch(function () {}).then(function () {
      syncing = null;
      if (again) { again = false; sync(); }
    });
    return syncing;
  }

  /* "Mark as done" while offline: queue it on the device. */
  function doneForm(id) { return d.querySelector("form[action$='/done/" + id + "/']"); }
  function showQueued(form) {
    var p = d.createElement("p");
    p.className = "msg";
    p.setAttribute("role", "status");
    say(p, t(me, "queued"));
    form.parentNode.replaceChild(p, form);
  }
  d.addEventListener("submit", function (e) {
    var form = e.target, m = /\/done\/(\d+)\/$/.exec(form.getAttribute("action") || "");
    if (/\/logout\/$/.test(form.getAttribute("action") || "") && window.caches) {
      /* The saved pages are this learner's: leave none behind on a shared phone. */
      e.preventDefault();
      Object.keys(localStorage).forEach(function (k) { if (!k.indexOf("offline:")) localStorage.removeItem(k); });
      caches.delete(CACHE).catch(function () {}).then(function () { form.submit(); });
      return;
    }
    if (!m || nav.onLine || !window.indexedDB) return;
    e.preventDefault();
    var event = { idempotency_key: uuid(), verb: "completed", item: +m[1], occurred_at: new Date().toISOString(), u: user };
    store("readwrite", function (s) { return s.put(event); }).then(function () { showQueued(form); });
  });

  /* Offline note; replay the queue when the network comes back. */
  function offlineNote() {
    var note = d.getElementById("offline-note"), main = d.querySelector("main .wrap");
    if (nav.onLine) { if (note) note.remove(); return; }
    if (note || !main) return;
    note = d.createElement("p");
    note.id = "offline-note";
    note.className = "msg";
    note.setAttribute("role", "status");
    say(note, t(me, "offline"));
    main.insertBefore(note, main.firstChild);
  }
  window.addEventListener("online", function () { offlineNote(); sync(); });
  window.addEventListener("offline", offlineNote);
  offlineNote();
  sync();
  if (window.indexedDB) queued().then(function (events) {
    (events || []).forEach(function (e) { var f = e.u === user && doneForm(e.item); if (f) showQueued(f); });
  }).catch(function () {});

  /* "Save this module for offline": size first, then store. */
  var canSave = "serviceWorker" in nav && window.caches && window.fetch;
  [].forEach.call(d.querySelectorAll("[data-offline-module]"), function (box) {
    var button = box.querySelector("button"), status = box.querySelector("[data-status]");
    var key = "offline:" + box.getAttribute("data-offline-module"), manifest = null;
    if (!canSave) return;
    box.hidden = false;
    if (localStorage.getItem(key)) say(status, t(box, "saved"));
    button.addEventListener("click", function () {
      button.disabled = true;
      if (!manifest) {
        fetch(box.getAttribute("data-manifest"), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw r; return r.json(); })
          .then(function (m) {
            manifest = m;
            say(status, t(box, "size").replace("{size}", m.size) + (m.online_only ? " " + t(box, "online") : ""));
            say(button, t(box, "confirm"));
          }).catch(function () { say(status, t(box, "failed")); })
          .then(function () { button.disabled = false; });
        return;
      }
      say(status, t(box, "saving"));
      var urls = manifest.urls.concat([me.src]);
      var icon = d.querySelector("link[rel=icon]");
      if (icon) urls.push(icon.href);
      nav.serviceWorker.register(me.getAttribute("data-sw"), { scope: "/" })
        .then(function () { return caches.open(CACHE); })
        .then(function (c) { return c.addAll(urls); })
        .then(function () { localStorage.setItem(key, "1"); say(status, t(box, "saved")); })
        .catch(function () { say(status, t(box, "failed")); })
        .then(function () { button.disabled = false; });
    });
  });

  /* Offline practice: check an answer on the device as the server grades it, with the server's
   * own tables (quizzes.grading.DEVICE_RULES on the form: what normalise_text drops and folds,
   * what _parse_number reads) and its key (accepted texts already normalised, plain decimals). */
  function checker(rules) {
    var drop = rules.drop.map(function (p) { return new RegExp(p, "g"); });
    var spaces = new RegExp(rules.spaces, "g"), number = new RegExp("^(?:" + rules.number + ")$");
    function fold(s, table) {
      return s.split("").map(function (c) { return table[c] || c; }).join("");
    }
    return {
      text: function (s) { /* toLowerCase is casefold but for ß, ς and Cherokee (none ours) */
        s = s.normalize("NFKC");
        drop.forEach(function (r) { s = s.replace(r, ""); });
        s = fold(fold(s, rules.letters), rules.digits).toLowerCase();
        return s.split(/[\s\x1c-\x1f\x85]+/).filter(Boolean).join(" ");
      },
      number: function (s) { /* a decimal string, or null where the server says not_a_number */
        s = fold(s.normalize("NFKC"), rules.digits).replace(spaces, "")
          .replace(/\u2212/g, "-").replace(/\u066b/g, ".");
        if (s.indexOf(",") >= 0) {
          if (s.indexOf(".") >= 0 || s.split(",").length > 2) return null;
          s = s.replace(",", ".");
        }
        return number.test(s) ? s : null;
      }
    };
  }
  /* |a - b| <= t on decimal strings, exactly (2.6 is within 0.1 of 2.5, as for Decimal). */
  function within(a, b, t) {
    var k = Math.max.apply(null, [a, b, t].map(function (x) { return (x.split(".")[1] || "").length; }));
    function units(x) {
      var p = x.replace(/^[+-]/, "").split("."), n = +((p[0] || "0") + ((p[1] || "") + Array(k + 1).join("0")).slice(0, k));
      return x.charAt(0) === "-" ? -n : n;
    }
    return Math.abs(units(a) - units(b)) <= units(t);
  }
  /* The answer as the server reads it (quizzes.grading.validate_responses), or null. */
  function answerOf(q, kind) {
    var input = q.querySelector("input[type=text]");
    if (input) return input.value.trim() ? input.value : null;
    var picked = [].filter.call(q.querySelectorAll("input"), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    if (!picked.length) return null;
    return kind === "multiple" ? picked : picked[0];
  }
  var words = d.querySelector("[data-t-right]");
  [].forEach.call(d.querySelectorAll("[data-offline-quiz] [data-check]"), function (button) {
    var q = button.parentNode, kind = q.getAttribute("data-kind"), form = q.parentNode;
    var quiz = +form.getAttribute("data-offline-quiz"), check = checker(JSON.parse(form.getAttribute("data-rules")));
    button.hidden = false;
    button.addEventListener("click", function () {
      var ok, input = q.querySelector("input[type=text]");
      if (input && kind === "numeric") {
        var x = check.number(input.value);
        ok = x !== null && within(x, input.getAttribute("data-v"), input.getAttribute("data-t"));
      } else if (input) {
        var a = check.text(input.value);
        ok = !!a && JSON.parse(input.getAttribute("data-a")).indexOf(a) >= 0;
      } else {
        ok = [].every.call(q.querySelectorAll("input"), function (i) { return i.checked === i.hasAttribute("data-c"); });
      }
      say(q.querySelector(".verdict-line"), t(words, ok ? "right" : "wrong"));
      if (!ok) q.querySelector("details").open = true;
      /* Queued like a completion, sent now or when back online. No verdict goes with it. */
      var answer = answerOf(q, kind);
      if (answer === null || !window.indexedDB) return;
      var event = { idempotency_key: uuid(), verb: "answered", item: quiz, question: q.getAttribute("data-q"),
        response: answer, occurred_at: new Date().toISOString(), u: user };
      store("readwrite", function (s) { return s.put(event); }).then(function () { sync(); }).catch(function () {});
    });
  });
})();
