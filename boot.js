// Loads the app's wasm-bindgen module from an external file, so that no inline script is needed and a strict
// Content-Security-Policy (script-src 'self') holds. Trunk writes the hashed file names into this tag's data-*.
// A browser without WebAssembly (or with it disabled) gets a message saying so, never a blank page.
const tag = document.getElementById("trunk-boot");

function showFailure(title, detail) {
  const box = document.createElement("div");
  box.className = "boot-failure";
  box.setAttribute("role", "alert");
  box.dataset.testid = "boot-failure";
  const heading = document.createElement("h1");
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = detail;
  box.append(heading, text);
  document.body.append(box);
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
    const init = await import(tag.dataset.js);
    await init.default({ module_or_path: tag.dataset.wasm });
  } catch (error) {
    showFailure("Tapis gagal dimuat", `Muat ulang halaman; bila tetap gagal, laporkan pesan ini: ${error}`);
  }
}
