/* Taawuniya Academy service worker: serves what "save this module for offline" stored.
 * Network first for pages (a saved copy is refreshed when the learner opens it online), the
 * saved copy when there is no network; hashed static files from the cache when saved there.
 * It stores nothing by itself and never touches the API (progress is sent by offline.js). */
var CACHE = "taawuniya-offline";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (e) {
  var r = e.request, u = new URL(r.url);
  if (r.method !== "GET" || u.origin !== location.origin || u.pathname.indexOf("/api/") === 0) return;
  /* caches.match with a cacheName never creates the cache (logging out deletes it). */
  e.respondWith(caches.match(r, { ignoreVary: true, cacheName: CACHE }).then(function (hit) {
    if (hit && u.pathname.indexOf("/static/") === 0) return hit;
    return fetch(r).then(function (res) {
      if (hit && res.ok && !res.redirected) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { return c.put(r, copy); });
      }
      return res;
    }, function (err) {
      if (hit) return hit;
      throw err;
    });
  }));
});
