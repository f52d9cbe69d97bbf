// Starts Tapis. An external module instead of Trunk's inline script, so that a strict Content-Security-Policy
// (script-src 'self') holds. It finds the app's files next to itself (import.meta.url), so the app runs from any
// path, and also inside another page (a portal) that only includes this script and a `data-tapis` element.
// A browser without WebAssembly, or with it disabled, gets a message saying so, never a blank page.
const base = new URL(".", import.meta.url);
const own = document.getElementById("trunk-boot");
const standalone = Boolean(own && own.dataset.js);

function showFailure(title, detail) {
  const box = document.createElement("div");
  box.className = "tapis boot-failure";
  box.setAttribute("role", "alert");
  box.dataset.testid = "boot-failure";
  const heading = document.createElement("h1");
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = detail;
  box.append(heading, text);
  (document.querySelector("[data-tapis]") || document.body).append(box);
}

// Trunk writes the hashed file names into our index.html (scripts/hash-worker.sh adds the worker module's); a host
// page gets them from there.
async function assetNames() {
  if (standalone) {
    const { js, wasm, workerJs, workerWasm } = own.dataset;
    return { js, wasm, workerJs, workerWasm, css: [] };
  }
  const response = await fetch(new URL("index.html", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${new URL("index.html", base)}: HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const tag = page.getElementById("trunk-boot");
  const css = [...page.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute("href"));
  const { js, wasm, workerJs, workerWasm } = tag.dataset;
  return { js, wasm, workerJs, workerWasm, css };
}

if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
  showFailure(
    "Tapis membutuhkan WebAssembly",
    "Peramban ini tidak menyediakan WebAssembly atau fitur itu dimatikan. Gunakan Chrome atau Edge 96+, " +
      "Firefox 89+, atau Safari 15+ dengan WebAssembly aktif. " +
      "(Tapis needs WebAssembly, which this browser lacks or has disabled.)",
  );
} else {
  try {
    const names = await assetNames();
    for (const href of names.css) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(href, base).href;
      document.head.append(link);
    }
    const js = new URL(names.js, base);
    const wasm = new URL(names.wasm, base);
    const app = await import(js.href);
    await app.default({ module_or_path: wasm });
    // Imports run in a worker, in a module of their own that the first load does not carry: the worker needs to
    // know its files, and the page loads it itself (once, on demand) where no worker can start.
    const workerJs = new URL(names.workerJs, base);
    const workerWasm = new URL(names.workerWasm, base);
    const worker = new URL("worker.js", base);
    worker.search = new URLSearchParams({ js: workerJs.href, wasm: workerWasm.href }).toString();
    const loadWorkerModule = async () => {
      const module = await import(workerJs.href);
      await module.default({ module_or_path: workerWasm });
      return module;
    };
    app.mount(base.href, worker.href, loadWorkerModule);
    // Offline use: the worker caches the app for the next visit. Only on our own page: a host page's origin
    // is not ours to control.
    if (standalone && "serviceWorker" in navigator) {
      navigator.serviceWorker.register(new URL("sw.js", base), { scope: base.href }).catch((error) => {
        console.warn("Tapis works, but not offline: the service worker did not register.", error);
      });
    }
  } catch (error) {
    showFailure("Tapis gagal dimuat", `Muat ulang halaman; bila tetap gagal, laporkan pesan ini: ${error}`);
  }
}
