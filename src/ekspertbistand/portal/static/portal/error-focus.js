/* Progressive enhancement: when a page comes back with an error summary (a failed save or
   submit), move the keyboard and screen-reader focus to it, so the user hears what to fix
   first. Without JavaScript the summary is still at the top of the page, announced by its
   role="alert". No inline script, so a strict Content-Security-Policy can forbid them. */
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.getElementById("feiloppsummering");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
