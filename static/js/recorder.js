// Record a question in the browser (builder page only). Progressive enhancement of a plain file input: where the
// browser can record (MediaRecorder and a microphone), a "Neem op" button appears beside [data-recorder]; the
// recording is put in the file input, and the facilitator sends the form as with an uploaded file. The server
// checks it like any other file.
(function () {
  "use strict";
  var holder = document.querySelector("[data-recorder]");
  if (!holder || typeof window.MediaRecorder !== "function" || !navigator.mediaDevices ||
      typeof navigator.mediaDevices.getUserMedia !== "function" || typeof window.DataTransfer !== "function") return;
  var input = document.getElementById(holder.dataset.recorder);
  if (!input) return;
  var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
  var type = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
  if (!type) return;
  var maxSeconds = parseInt(holder.dataset.maxSeconds || "60", 10);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button-secondary";
  button.textContent = holder.dataset.startLabel;
  var status = document.createElement("p");
  status.className = "muted";
  status.setAttribute("role", "status");
  holder.appendChild(button);
  holder.appendChild(status);
  var recorder = null;
  var timer = null;

  function stop() {
    if (recorder && recorder.state === "recording") recorder.stop();
  }

  button.addEventListener("click", function () {
    if (recorder && recorder.state === "recording") { stop(); return; }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      var started = Date.now();
      recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: 32000 });
      recorder.addEventListener("dataavailable", function (event) { if (event.data.size) chunks.push(event.data); });
      recorder.addEventListener("stop", function () {
        window.clearTimeout(timer);
        stream.getTracks().forEach(function (track) { track.stop(); });
        var extension = type.indexOf("ogg") >= 0 ? ".ogg" : ".webm";
        var file = new File(chunks, "opname" + extension, { type: type.split(";")[0] });
        var transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        button.textContent = holder.dataset.startLabel;
        status.textContent = holder.dataset.doneLabel.replace("{seconds}", String(Math.round((Date.now() - started) / 1000)));
      });
      recorder.start();
      button.textContent = holder.dataset.stopLabel;
      status.textContent = holder.dataset.busyLabel;
      timer = window.setTimeout(stop, maxSeconds * 1000);
    }).catch(function () {
      status.textContent = holder.dataset.deniedLabel;
    });
  });
})();
