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
