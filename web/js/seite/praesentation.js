// Presentation mode: the map fills the screen below the title, without editing controls; the
// whole Kreis stays in view whenever the map's size changes.

import * as zustand from "../zustand.js";

export function praesentationEinrichten(karte, druck) {
  const $ = (id) => document.getElementById(id);
  const aktiv = () => document.body.classList.contains("praesentation");
  const praesentation = (an) => {
    document.body.classList.toggle("praesentation", an);
    $("praesentation").setAttribute("aria-pressed", String(an));
    $("praesentation").textContent = an ? "Präsentation beenden" : "Präsentation";
    if (!an) grafik(false);
    requestAnimationFrame(() => karte.einpassen());
  };
  // In presentation the charts can take the place of the map (and back).
  const grafik = (an) => {
    document.body.classList.toggle("grafik-zeigen", an);
    $("praesentation-grafik").setAttribute("aria-pressed", String(an));
    $("praesentation-grafik").textContent = an ? "Karte zeigen" : "Grafiken zeigen";
    if (!an) {
      requestAnimationFrame(() => {
        karte.karte.invalidateSize();
        karte.einpassen();
        karte.namenEntzerren();
      });
    }
  };
  $("praesentation-grafik").addEventListener("click", () => grafik(!document.body.classList.contains("grafik-zeigen")));
  $("praesentation").addEventListener("click", () => {
    const an = !aktiv();
    zustand.setzen({ praesentation: an ? "1" : "" }, { melden: false });
    praesentation(an);
    if (an && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    if (!an && document.fullscreenElement) document.exitFullscreen().catch(() => {});
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && aktiv() && !$("profil").open) {
      zustand.setzen({ praesentation: "" }, { melden: false });
      praesentation(false);
    }
  });
  let anstehend = false;
  new ResizeObserver(() => {
    if (anstehend || druck.aktiv || !aktiv()) return;
    anstehend = true;
    requestAnimationFrame(() => {
      anstehend = false;
      karte.einpassen();
      karte.namenEntzerren();
    });
  }).observe($("karte"));
  return praesentation;
}
