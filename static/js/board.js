// Signals board: drag a card to another column. Progressive enhancement only: each card already has a plain
// "Verplaats" form (column + reason) that works without JavaScript. On drop we ask the reason in a dialog, fill
// in that same form and submit it; htmx posts it and swaps the card, which moves to its new column only when the
// server accepted the move.
(function () {
  "use strict";
  var dialog = document.getElementById("verplaats-dialoog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var reason = document.getElementById("verplaats-reden");
  var target = dialog.querySelector(".move-dialog-target");
  var dragged = null;
  var pending = null;

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".signal-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.signal);
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("[data-drop-status]")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    var list = event.target.closest && event.target.closest("[data-drop-status]");
    if (!dragged || !list) return;
    event.preventDefault();
    if (list.dataset.dropStatus === dragged.dataset.status) { dragged = null; return; }
    pending = { card: dragged, list: list, status: list.dataset.dropStatus };
    dragged = null;
    var heading = list.parentElement.querySelector("h2");
    target.textContent = heading ? heading.textContent : pending.status;
    reason.value = "";
    dialog.showModal();
  });
  dialog.addEventListener("close", function () {
    var move = pending;
    pending = null;
    if (!move || dialog.returnValue !== "ok" || !reason.value.trim()) return;
    var form = move.card.querySelector(".move-form");
    form.querySelector("select[name=status]").value = move.status;
    form.querySelector("input[name=reden]").value = reason.value.trim();
    form.requestSubmit();
  });
  // The card changes column only when the server took the move: a refused one (422) comes back as the same card
  // with the message at its form, in the column where it was. Runs before htmx swaps the card in.
  document.addEventListener("htmx:after:request", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("move-form")) return;
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || !ctx.response || ctx.response.status >= 400) return;
    var card = form.closest(".signal-card");
    var list = document.querySelector('[data-drop-status="' + form.querySelector("select[name=status]").value + '"]');
    if (card && list && card.parentElement !== list) list.insertBefore(card, list.firstChild);
  });
})();
