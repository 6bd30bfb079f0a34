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
    requestAnimationFrame(() => karte.einpassen());
  };
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
