// Progressive enhancement only: every page works without this file.
// 1. Warn two minutes before an idle logout, so a half-filled form is not lost.
(function () {
  "use strict";
  var note = document.querySelector("[data-idle-expires]");
  if (!note || !note.dataset.idleExpires) return;
  var expires = Date.parse(note.dataset.idleExpires);
  var warnAt = expires - 2 * 60 * 1000 - Date.now();
  if (isNaN(warnAt)) return;
  window.setTimeout(function () {
    note.classList.add("idle-warning");
    note.setAttribute("role", "alert");
  }, Math.max(warnAt, 0));
})();
// 2. Print buttons (no inline handlers under our CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) window.print();
});
// 3. Practices: warn about a file that is too large before sending, so the form (and what was typed) stays.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
  var max = parseInt(input.dataset.maxBytes, 10);
  var tooLarge = Array.prototype.some.call(input.files || [], function (f) { return f.size > max; });
  input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
  if (tooLarge) input.reportValidity();
});
document.addEventListener("submit", function (event) {
  var input = event.target.querySelector && event.target.querySelector("input[type=file][data-max-bytes]");
  if (input && !input.checkValidity()) {
    event.preventDefault();
    input.reportValidity();
  }
});
// 4. htmx requests carry this browser's CSRF token in a header, read from <meta name="csrf-token"> (htmx 4 fires
//    htmx:config:request before every request; a valid attribute name, unlike an inherited hx-headers).
document.addEventListener("htmx:config:request", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var request = event.detail && event.detail.ctx && event.detail.ctx.request;
  if (!meta || !meta.content || !request) return;
  if (new URL(request.action, document.baseURI).origin !== window.location.origin) return;
  request.headers["X-CSRF-Token"] = meta.content;
});
