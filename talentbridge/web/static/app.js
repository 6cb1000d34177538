/* TalentBridge: the few behaviours the pages need beyond htmx. */
(function () {
  "use strict";
  // A long upload: say that it is running and keep the button from being pressed twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return;
    var button = form.querySelector("button[type=submit]");
    if (!button) return;
    window.setTimeout(function () {
      button.disabled = true;
      button.textContent = form.dataset.busy;
      button.setAttribute("aria-busy", "true");
    }, 0);
  });
})();
