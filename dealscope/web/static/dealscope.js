// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Opening a deal page at #source-N: unfold that source's full text is not needed, but
  // scroll its first highlighted sentence into view and flash it.
  function focusHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var mark = target.querySelector("mark");
    (mark || target).scrollIntoView({ block: "center" });
    target.classList.add("flash");
    setTimeout(function () { target.classList.remove("flash"); }, 1500);
  }
  window.addEventListener("hashchange", focusHash);
  document.addEventListener("DOMContentLoaded", focusHash);

  // Filter form: leave empty fields out of the URL so links stay short and readable.
  var form = document.getElementById("filters");
  if (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === "" ) el.disabled = true;
      });
      setTimeout(function () {
        Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
      }, 0);
    });
  }
})();

// The brief is embedded as a sandboxed frame (no scripts run in it); fit it to its content.
(function () {
  "use strict";
  var frame = document.getElementById("brief-frame");
  if (!frame) return;
  function fit() {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = doc.documentElement.scrollHeight + 24 + "px";
      }
    } catch (e) { /* another origin: keep the fixed height */ }
  }
  frame.addEventListener("load", fit);
  fit();
})();
