/* Pen-test deposit form: say at once whether the acceptance rule is met
   (0 failed high-severity control points, at most 10 medium). */
(function () {
  "use strict";
  var HAUTE_MAX = 0;
  var MOYENNE_MAX = 10;

  function lire(input) {
    if (!input || input.value === "") { return null; }
    var n = parseInt(input.value, 10);
    return isNaN(n) ? null : n;
  }

  function verifier(form) {
    var sortie = form.querySelector("[data-regle-resultat]");
    var haute = lire(form.querySelector("[data-regle-ko=ko_haute]"));
    var moyenne = lire(form.querySelector("[data-regle-ko=ko_moyenne]"));
    if (!sortie) { return; }
    if (haute === null || moyenne === null) {
      sortie.className = "fr-mb-3w";
      sortie.textContent = "";
      return;
    }
    var ecarts = [];
    if (haute > HAUTE_MAX) { ecarts.push(haute + " point(s) KO de gravité haute (aucun n'est admis)"); }
    if (moyenne > MOYENNE_MAX) { ecarts.push(moyenne + " points KO de gravité moyenne (10 au plus)"); }
    if (ecarts.length === 0) {
      sortie.className = "fr-mb-3w fr-alert fr-alert--success fr-alert--sm";
      sortie.textContent = "Règle d'acceptation respectée : le rapport pourra compter dans un chapitre complet.";
    } else {
      sortie.className = "fr-mb-3w fr-alert fr-alert--error fr-alert--sm";
      sortie.textContent = "Règle d'acceptation non respectée : " + ecarts.join(" ; ") +
        ". Le rapport peut être déposé mais le chapitre ne pourra pas être soumis.";
    }
  }

  document.querySelectorAll("form[data-regle-test-intrusion]").forEach(function (form) {
    form.addEventListener("input", function () { verifier(form); });
    verifier(form);
  });
})();

/* Chapter and review pages: a proof's history (every version, its files and reviews) is loaded
   from preuves:versions when its accordion is first opened; without JavaScript the accordion's
   link opens it as a page. */
(function () {
  "use strict";

  function charger(zone) {
    if (zone.dataset.versionsChargees) { return; }
    zone.dataset.versionsChargees = "1";
    zone.setAttribute("aria-busy", "true");
    fetch(zone.dataset.versionsUrl, { headers: { "X-Fragment": "versions" }, credentials: "same-origin" })
      .then(function (reponse) {
        if (!reponse.ok) { throw new Error(reponse.status); }
        return reponse.text();
      })
      .then(function (html) { zone.innerHTML = html; })
      .catch(function () { delete zone.dataset.versionsChargees; })  /* the link stays: it opens the page */
      .finally(function () { zone.removeAttribute("aria-busy"); });
  }

  document.querySelectorAll("[data-versions-url]").forEach(function (zone) {
    var bouton = document.querySelector('[aria-controls="' + zone.id + '"]');
    if (bouton) { bouton.addEventListener("click", function () { charger(zone); }); }
  });
})();
