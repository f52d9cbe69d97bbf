// Tapis service worker: after one visit the app loads, and pre-screens, with the server stopped and the network
// cut. Hashed assets (name-0123456789abcdef.js) never change, so they come from the cache first; everything else
// (the page, boot.js, tapis.config.json) comes from the network first, the cache when offline. The API is never
// cached: its answers need a token (the rule packs too), and what one analyst was answered must not outlive their
// session in a cache the next person at the workstation can read.
// The cached page is replaced only once every asset it names is cached too, so a reload never mixes versions.
const CACHE = "tapis";
const scope = new URL(self.registration.scope);
const NETWORK_TIMEOUT_MS = 4000;

const inScope = (url) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
const isHashed = (url) => /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/.test(url.pathname);
const pageUrl = () => new URL("index.html", scope).href;
const workerUrl = () => new URL("worker.js", scope).href;

// The files a page needs, from its script and stylesheet references.
function assetsOf(html) {
  const names = [...html.matchAll(/(?:src|href|data-js|data-wasm|data-worker-js|data-worker-wasm)="([^"]+)"/g)].map(
    (m) => m[1],
  );
  return [...new Set(names.map((name) => new URL(name, scope)).filter(inScope).map((url) => url.href))];
}

// Caches `html` as the page, after every asset it needs, then forgets assets no page needs any more.
async function adoptPage(html) {
  const cache = await caches.open(CACHE);
  // The import worker's script is named by the app, not the page.
  const assets = [...assetsOf(html), workerUrl()];
  await Promise.all(
    assets.map(async (url) => (await cache.match(url)) || cache.add(new Request(url, { cache: "no-cache" }))),
  );
  await cache.put(pageUrl(), new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (isHashed(url) && !assets.includes(url.href)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(pageUrl(), { cache: "no-cache" });
      if (response.ok) await adoptPage(await response.text());
      await self.skipWaiting();
    })(),
  );
});

// Earlier versions kept the rule packs' answers: forget every API answer a cache still holds.
async function forgetApiAnswers() {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      if (inScope(url) && url.pathname.slice(scope.pathname.length).startsWith("api/")) await cache.delete(request);
    }
  }
}

self.addEventListener("activate", (event) =>
  event.waitUntil(forgetApiAnswers().then(() => self.clients.claim())),
);

function withTimeout(promise) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("network timeout")), NETWORK_TIMEOUT_MS)),
  ]);
}

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request));
    if (response.ok && cacheKey !== pageUrl()) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey);
    if (cached) return cached;
    throw error;
  }
}

async function page(request) {
  try {
    const response = await withTimeout(fetch(request));
    if (response.ok) {
      const html = await response.clone().text();
      adoptPage(html).catch((error) => console.warn("Tapis: the new version is not cached yet", error));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(pageUrl());
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !inScope(url)) return;
  const path = url.pathname.slice(scope.pathname.length);
  if (request.mode === "navigate" || path === "" || path === "index.html") {
    event.respondWith(page(request));
  } else if (path.startsWith("api/")) {
    // Straight to the network, never from or into a cache: every answer but health needs a token.
    return;
  } else if (path === "worker.js") {
    // Its query names the app's hashed files; one cached copy serves every version. A cached answer carries the
    // URL it was cached under, which would become the worker's own URL and lose the query: answer afresh instead.
    event.respondWith(
      networkFirst(request, workerUrl()).then((response) =>
        response.url === request.url
          ? response
          : new Response(response.body, { status: response.status, headers: response.headers }),
      ),
    );
  } else if (isHashed(url)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, url.href));
  }
});
