// The kiosk's service worker (registered by js/kiosco.js for kiosco.html only): keeps the kiosk page and its scripts so
// that a reload while the service or the connection is down still shows the kiosk, which then says in Spanish that it
// is out of service and comes back by itself. Network first: a working service always serves the current files. Only
// the page's own files go through here; the API and /health/ready always go to the network.
const cacheName = 'gobiernoabierto-kiosco-v1';
const shell = ['/kiosco.html', '/css/site.css', '/js/kiosco.js', '/js/api.js', '/js/voting-flow.js', '/js/voting-code.js'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(cacheName).then(cache => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(names => Promise.all(names.filter(name => name !== cacheName).map(name => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !shell.includes(url.pathname)) return;
  event.respondWith(fromNetworkElseKept(event.request, url.pathname));
});

// A proxy's "502 Bad Gateway" page is no better than the browser's error page: any answer but a success uses the copy.
async function fromNetworkElseKept(request, path) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(path, response.clone());
      return response;
    }
    return (await cache.match(path)) ?? response;
  } catch (error) {
    const kept = await cache.match(path);
    if (kept) return kept;
    throw error;
  }
}
