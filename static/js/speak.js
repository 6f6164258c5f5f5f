// Read aloud, for people who read little. Progressive enhancement only: without this file every question still
// has its text, and a recording its plain <audio controls> player.
// Each question marked [data-read-aloud] gets a big "Lees voor" button when
//   - it has a recording ([data-question-audio]): the button plays it; or
//   - the browser has a speechSynthesis voice for the question's language: the button speaks the question's text
//     and its choices ([data-speak-text]).
// Otherwise no button appears. Nothing is fetched or spoken until the button is pressed.
(function () {
  "use strict";
  var synth = window.speechSynthesis;

  function languageOf(element) {
    var holder = element.closest("[lang]");
    return ((holder && holder.getAttribute("lang")) || "").toLowerCase();
  }

  function voiceFor(language) {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !language) return null;
    var voices = synth.getVoices() || [];
    var base = language.split("-")[0];
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (lang === language || lang.split("-")[0] === base) return voices[i];
    }
    return null;
  }

  function textOf(question) {
    return Array.prototype.map
      .call(question.querySelectorAll("[data-speak-text]"), function (part) { return part.textContent.trim(); })
      .filter(Boolean)
      .join(". ");
  }

  function makeButton(question, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "read-aloud";
    button.textContent = label;
    button.setAttribute("data-read-aloud-button", "");
    var anchor = question.querySelector("legend, label");
    if (anchor && anchor.nextSibling) question.insertBefore(button, anchor.nextSibling);
    else question.appendChild(button);
    return button;
  }

  function enhance(question) {
    if (question.querySelector("[data-read-aloud-button]")) return;
    var label = question.dataset.speakLabel || "Lees voor";
    var audio = question.querySelector("[data-question-audio]");
    if (audio) {
      makeButton(question, label).addEventListener("click", function () {
        audio.currentTime = 0;
        var playing = audio.play();
        if (playing && playing.catch) playing.catch(function () { /* the player itself still works */ });
      });
      return;
    }
    var language = languageOf(question);
    var voice = voiceFor(language);
    if (!voice) return;
    makeButton(question, label).addEventListener("click", function () {
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(textOf(question));
      utterance.lang = voice.lang || language;
      try { utterance.voice = voice; } catch (error) { /* the language alone picks a voice */ }
      utterance.rate = 0.9;
      synth.speak(utterance);
    });
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-read-aloud]"), enhance);
  }

  enhanceAll();
  // Voices often arrive a moment after the page: look again when the browser says they changed.
  if (synth && typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", enhanceAll);
  document.addEventListener("htmx:after:settle", enhanceAll);
})();
