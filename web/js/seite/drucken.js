// Printing: one sheet per map (the Kreis fitted into the printable frame), the profile on A4,
// by the button, Ctrl+P or a script (window.sozialraum, used by the browser tests).

import { html } from "../format.js";
import { letzteRessourcen } from "../ansichten/naehe.js";
import { ressourcenkarteFuellen } from "../ressourcenkarte.js";
import * as zustand from "../zustand.js";

export function druckEinrichten(karte, druck) {
  const $ = (id) => document.getElementById(id);
  // Prepared for the print dialog, a print layout is undone after it; prepared by a script,
  // it stays until the script ends it.
  let fuerDialog = false;
  // The profile prints from a plain section of the page, not from the modal dialog (which
  // stays in the browser's top layer, centred, and loses its top on paper).
  const profilDruck = {
    vorbereiten() {
      const blatt = $("profil-druck");
      blatt.innerHTML = `<h1>${html($("profil-titel").textContent)}</h1>${$("profil-inhalt").innerHTML}`;
      blatt.hidden = false;
      $("seitenformat").textContent = "@page { size: A4 portrait; margin: 12mm; }";
      if ($("profil").open) $("profil").close();
      document.body.classList.add("drucke-profil");
    },
    beenden() {
      if (!document.body.classList.contains("drucke-profil")) return;
      document.body.classList.remove("drucke-profil");
      $("profil-druck").hidden = true;
      $("profil").showModal();
    },
  };
  // The Ressourcenkarte: one A4 page from its own section, filled from the last place shown.
  const ressourcenDruck = {
    vorbereiten() {
      const eingabe = letzteRessourcen();
      if (!eingabe) return null;
      $("seitenformat").textContent = "@page { size: A4 portrait; margin: 12mm; }";
      document.body.classList.add("drucke-ressourcen");
      return ressourcenkarteFuellen($("ressourcen-druck"), eingabe);
    },
    beenden() {
      if (!document.body.classList.contains("drucke-ressourcen")) return;
      document.body.classList.remove("drucke-ressourcen");
      const blatt = $("ressourcen-druck");
      blatt.hidden = true;
      // Nothing of the place stays in the page once the sheet is printed.
      blatt.innerHTML = "";
    },
  };
  // The charts of the view: their own pages, A4 portrait.
  // The charts of the view: their own pages, A4 portrait, under the page's title, with source,
  // Stand and the data-protection rule.
  const grafikenDruck = {
    vorbereiten() {
      $("seitenformat").textContent = "@page { size: A4 portrait; margin: 12mm; }";
      $("grafiken-titel").textContent = [$("titel").textContent, $("untertitel").textContent].filter(Boolean).join(" – ");
      document.body.classList.add("grafiken-druck-aktiv");
    },
    beenden() {
      document.body.classList.remove("grafiken-druck-aktiv");
      $("grafiken-titel").textContent = "Grafiken";
    },
  };
  const dialog = (vorbereiten) => {
    vorbereiten();
    fuerDialog = true;
    window.print();
  };
  $("profil-drucken").addEventListener("click", () => dialog(() => profilDruck.vorbereiten()));
  $("naehe-drucken").addEventListener("click", () => dialog(() => ressourcenDruck.vorbereiten()));
  $("grafiken-drucken").addEventListener("click", () => dialog(() => grafikenDruck.vorbereiten()));
  const blatt = () => ({ papier: zustand.lesen("papier"), hoch: zustand.lesen("ausrichtung") === "hoch" });
  $("drucken").addEventListener("click", () => dialog(() => druck.vorbereiten(blatt())));
  window.addEventListener("beforeprint", () => {
    const eigen = ["drucke-profil", "drucke-ressourcen", "grafiken-druck-aktiv"].some((k) => document.body.classList.contains(k));
    if (druck.aktiv || eigen) return;
    druck.vorbereiten(blatt());
    fuerDialog = true;
  });
  window.addEventListener("afterprint", () => {
    if (!fuerDialog) return;
    fuerDialog = false;
    druck.beenden();
    profilDruck.beenden();
    ressourcenDruck.beenden();
    grafikenDruck.beenden();
  });
  for (const id of ["papier", "ausrichtung"]) {
    $(id).addEventListener("change", (e) => zustand.setzen({ [id]: e.target.value }, { melden: false }));
  }
  window.sozialraum = {
    karte: karte.karte,
    druck: { vorbereiten: (b = blatt()) => druck.vorbereiten(b), beenden: () => druck.beenden() },
    profilDruck,
    ressourcenDruck,
    grafikenDruck,
  };
}
