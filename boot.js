// Loads the app's wasm-bindgen module from an external file, so that no inline script is needed and a strict
// Content-Security-Policy (script-src 'self') holds. Trunk writes the hashed file names into this tag's data-*.
const tag = document.getElementById("trunk-boot");
const init = await import(tag.dataset.js);
await init.default({ module_or_path: tag.dataset.wasm });
