// outreach web app: keyboard shortcuts on the review queue and drag-and-drop upload.
// Works without it: every action is a plain form.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-review]"));
  if (cards.length) {
    var current = 0;
    cards[0].classList.add("active");
    document.addEventListener("keydown", function (event) {
      if (event.target && /INPUT|SELECT|TEXTAREA/.test(event.target.tagName)) { return; }
      if (event.key === "j" || event.key === "ArrowDown") { move(1); event.preventDefault(); return; }
      if (event.key === "k" || event.key === "ArrowUp") { move(-1); event.preventDefault(); return; }
      var button = cards[current].querySelector('button[data-key="' + event.key + '"]');
      if (button) { button.click(); }
    });
    function move(step) {
      cards[current].classList.remove("active");
      current = Math.max(0, Math.min(cards.length - 1, current + step));
      cards[current].classList.add("active");
      cards[current].scrollIntoView({ block: "nearest" });
    }
  }
  var zone = document.querySelector(".dropzone");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; }
    });
  }
});
