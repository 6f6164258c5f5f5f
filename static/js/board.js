// Signals board: drag a card to another column. Progressive enhancement only: each card already has a plain
// "Verplaats" form (column + reason) that works without JavaScript. On drop we ask the reason in a dialog, fill
// in that same form and submit it; htmx posts it. A move the server took comes back as the whole board (the card
// in its new column, the counts) with the message for the live region; a refused one as the card with its message.
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
})();
