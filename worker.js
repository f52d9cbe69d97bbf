// Tapis's import worker: the worker's own module (`tapis-worker`, the export parsers and the scan, which the page's
// module does not carry), started in a module worker so that reading and scanning a large export never blocks the
// page. The page passes the module's URLs in the query. Messages that arrive while the module loads wait for it.
const params = new URL(import.meta.url).searchParams;
const waiting = [];
self.onmessage = (event) => waiting.push(event);

try {
  const app = await import(new URL(params.get("js"), import.meta.url).href);
  await app.default({ module_or_path: new URL(params.get("wasm"), import.meta.url) });
  app.worker_start();
  for (const event of waiting) self.onmessage(event);
} catch (error) {
  // The page sees an error event and runs the job itself.
  setTimeout(() => {
    throw error;
  });
}
