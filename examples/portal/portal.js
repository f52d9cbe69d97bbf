// The example portal's own script (external, so the portal itself can run under a strict CSP).
// It embeds Tapis from the address in ?tapis= (default http://127.0.0.1:8080/), hands it the analyst's token
// over postMessage, and lists the events Tapis sends back.
const tapis = new URL(new URLSearchParams(location.search).get("tapis") || "http://127.0.0.1:8080/");
const mode = document.body.dataset.mode;
const events = document.getElementById("portal-events");
const target = { window: null, origin: null }; // the window Tapis listens on, and its origin

function log(text) {
  const item = document.createElement("li");
  item.textContent = text;
  events.append(item);
}

function sendToken() {
  const token = document.getElementById("portal-token").value;
  if (token && target.window) target.window.postMessage({ source: "tapis-host", type: "token", token }, target.origin);
}

window.addEventListener("message", (event) => {
  // Only Tapis's messages, from where Tapis really is.
  const fromTapis = mode === "iframe" ? event.origin === tapis.origin : event.source === window;
  if (!fromTapis || !event.data || event.data.source !== "tapis") return;
  const { type, ...rest } = event.data;
  delete rest.source;
  log(`${type} ${JSON.stringify(rest)}`);
  // Tapis listens once it is ready: hand the token over then (and whenever the analyst sends it again).
  if (type === "ready") sendToken();
});

if (mode === "element") {
  const mount = document.querySelector("[data-tapis]");
  mount.dataset.apiBase = new URL("api/v1/", tapis).href;
  mount.dataset.hostOrigins = location.origin;
  const script = document.createElement("script");
  script.type = "module";
  script.src = new URL("boot.js", tapis).href;
  document.head.append(script);
  target.window = window;
  target.origin = location.origin;
} else {
  const frame = document.querySelector("iframe");
  frame.src = tapis.href;
  target.window = frame.contentWindow;
  target.origin = tapis.origin;
}

document.getElementById("portal-send-token").addEventListener("click", sendToken);
