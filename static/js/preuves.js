(function () {
  "use strict";

  /* Pen-test deposit form: say at once whether the acceptance rule is met. The thresholds and
     the texts, in the page's language, are the server's (preuves.completude.regle_test_intrusion,
     in the data- attributes of the result zone). */
  /* A count of failed control points, or null while the field holds none (empty, not a number,
     negative: the form refuses those with its own message when sent). */
  function lire(input) {
    if (!input || input.value === "") { return null; }
    var n = parseInt(input.value, 10);
    return isNaN(n) || n < 0 ? null : n;
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
    var regle = sortie.dataset;
    var ecarts = [];
    if (haute > parseInt(regle.hauteMax, 10)) {
      ecarts.push((haute === 1 ? regle.hauteUn : regle.hautePlusieurs).replace("%(n)d", haute));
    }
    if (moyenne > parseInt(regle.moyenneMax, 10)) { ecarts.push(regle.moyenne.replace("%(n)d", moyenne)); }
    if (ecarts.length === 0) {
      sortie.className = "fr-mb-3w fr-alert fr-alert--success fr-alert--sm";
      sortie.textContent = regle.respectee;
    } else {
      sortie.className = "fr-mb-3w fr-alert fr-alert--error fr-alert--sm";
      sortie.textContent = regle.nonRespectee.replace("%(ecarts)s", ecarts.join(" ; "));
    }
  }

  /* Binds the rule check to the pen-test forms under `racine`: the page's at load, a deposit
     form's once it is loaded in the chapter page. */
  function lierRegles(racine) {
    racine.querySelectorAll("form[data-regle-test-intrusion]").forEach(function (form) {
      if (form.dataset.regleLiee) { return; }
      form.dataset.regleLiee = "1";
      form.addEventListener("input", function () { verifier(form); });
      verifier(form);
    });
  }

  /* Chapter and review pages: a part of a proof's card is loaded when its accordion is first
     opened, from the page its link opens without JavaScript (`data-fragment-url`), asking for the
     fragment named by `data-fragment` (header X-Fragment): the history (every version, its files
     and reviews, preuves:versions) and the deposit form (preuves:deposer). */
  function charger(zone) {
    if (zone.dataset.fragmentCharge) { return; }
    zone.dataset.fragmentCharge = "1";
    zone.setAttribute("aria-busy", "true");
    fetch(zone.dataset.fragmentUrl, { headers: { "X-Fragment": zone.dataset.fragment }, credentials: "same-origin" })
      .then(function (reponse) {
        /* a redirection (to the login page once the session has expired) is not the fragment */
        if (!reponse.ok || reponse.redirected) { throw new Error(reponse.status); }
        return reponse.text();
      })
      .then(function (html) {
        zone.innerHTML = html;
        lierRegles(zone);
      })
      .catch(function () { delete zone.dataset.fragmentCharge; })  /* the link stays: it opens the page */
      .finally(function () { zone.removeAttribute("aria-busy"); });
  }

  lierRegles(document);
  document.querySelectorAll("[data-fragment-url]").forEach(function (zone) {
    var bouton = document.querySelector('[aria-controls="' + zone.id + '"]');
    if (bouton) { bouton.addEventListener("click", function () { charger(zone); }); }
  });
})();
