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

// Trunk writes the hashed file names into our index.html; a host page gets them from there.
async function assetNames() {
  if (standalone) return { js: own.dataset.js, wasm: own.dataset.wasm, css: [] };
  const response = await fetch(new URL("index.html", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${new URL("index.html", base)}: HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const tag = page.getElementById("trunk-boot");
  const css = [...page.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute("href"));
  return { js: tag.dataset.js, wasm: tag.dataset.wasm, css };
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
    // Imports run in a worker started from the same module; it needs to know the module's files.
    const worker = new URL("worker.js", base);
    worker.search = new URLSearchParams({ js: js.href, wasm: wasm.href }).toString();
    app.mount(base.href, worker.href);
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
