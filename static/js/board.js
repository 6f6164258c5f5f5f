// Signals board: move a card with its "Verplaats" link or by dragging it to another column. Progressive
// enhancement only: without JavaScript the link leads to the signal's own move form, which brings you back to the
// board as it was filtered. With it, the board has ONE move form, in a dialog (not one per card): the link or a
// drop fills in the card and the column and opens it; htmx posts it. A move the server took comes back as the
// whole board (the card in its new column, the counts) with the message for the live region, and the dialog
// closes; a refused one comes back as the form with the message at its field, in the still open dialog.
(function () {
  "use strict";
  var dialog = document.getElementById("verplaats-dialoog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var target = dialog.querySelector(".move-dialog-target");
  var dragged = null;

  function form() { return document.getElementById("verplaats-formulier"); }

  function open(card, status, label) {
    var f = form();
    // a refusal shown before belongs to another move: start from a clean form
    f.querySelectorAll(".form-summary, .field-error .error").forEach(function (el) { el.remove(); });
    f.querySelectorAll(".field-error").forEach(function (el) { el.classList.remove("field-error"); });
    f.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    f.elements.signaal.value = card.dataset.signal;
    f.elements.status.value = status;
    f.elements.reden.value = "";
    var title = card.querySelector("h3");
    target.textContent = (title ? title.textContent : "#" + card.dataset.signal) + (label ? " → " + label : "");
    if (dialog.open) dialog.close(); // opened by the server with a refusal: showModal needs it closed
    dialog.showModal();
    (label ? f.elements.reden : f.elements.status).focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".move-link");
    if (link) {
      var card = link.closest(".signal-card");
      if (!card) return;
      event.preventDefault();
      open(card, card.dataset.status, "");
      return;
    }
    if (event.target.closest && event.target.closest("[data-close-dialog]")) dialog.close();
  });
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
    var card = dragged;
    dragged = null;
    if (list.dataset.dropStatus === card.dataset.status) return;
    var heading = list.parentElement.querySelector("h2");
    open(card, list.dataset.dropStatus, heading ? heading.textContent.replace(/\s*\(.*\)\s*$/, "") : "");
  });
  // a move taken comes back as the board (HX-Retarget #bord, 200): close the dialog and put the focus on the
  // moved card; a refusal (422) keeps the dialog open
  document.addEventListener("htmx:after:swap", function (event) {
    var ctx = event.detail && event.detail.ctx;
    var source = ctx && ctx.sourceElement;
    if (!dialog.open || !source || source.id !== "verplaats-formulier" || !ctx.response) return;
    if (ctx.response.status >= 300) return;
    var moved = form().elements.signaal.value;
    dialog.close();
    // the old card is gone with the old board: keyboard focus goes to the moved card, in its new column
    var link = document.querySelector("#signaal-" + moved + " .move-link");
    if (link) link.focus();
  });
})();
