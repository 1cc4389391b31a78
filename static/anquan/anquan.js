// Page behaviour without inline handlers, so the Content-Security-Policy can forbid inline script.
// One listener on the document serves every page Turbo brings in.
(function () {
  if (window.anquanActions) return;
  window.anquanActions = true;
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action]");
    if (!target) return;
    if (target.dataset.action === "print") {
      window.print();
    } else if (target.dataset.action === "select-all") {
      document.querySelectorAll(target.dataset.selects).forEach(function (box) { box.checked = target.checked; });
    }
  });
})();
