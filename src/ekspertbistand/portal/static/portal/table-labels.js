/* Progressive enhancement for lists on narrow screens: each cell of a table.list gets its
   column's header as data-label, which site.css shows above the value when the rows are laid
   out as cards (max-width 40rem). Without JavaScript the cards show the values alone; the
   table itself, and its headers for screen readers, are the same either way. */
(function () {
  "use strict";
  function labelCells() {
    var tables = document.querySelectorAll("table.list");
    for (var t = 0; t < tables.length; t++) {
      var headers = tables[t].querySelectorAll("thead th");
      var rows = tables[t].querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < headers.length; c++) {
          if (!cells[c].hasAttribute("data-label")) {
            cells[c].setAttribute("data-label", headers[c].textContent.trim());
          }
        }
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelCells);
  } else {
    labelCells();
  }
})();
