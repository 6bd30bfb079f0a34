// The view tabs: a click or the arrow keys switch the view (kept in the URL).

import * as zustand from "../zustand.js";

export function reiterEinrichten() {
  const reiter = [...document.querySelectorAll('[role="tab"]')];
  for (const r of reiter) {
    r.addEventListener("click", () => zustand.setzen({ ansicht: r.dataset.ansicht }));
    r.addEventListener("keydown", (e) => {
      // Hidden tabs (the data management without a sign-in) are skipped.
      const sichtbar = reiter.filter((x) => !x.hidden);
      const i = sichtbar.indexOf(r);
      const n = sichtbar.length;
      const ziel = e.key === "ArrowRight" ? sichtbar[(i + 1) % n] : e.key === "ArrowLeft" ? sichtbar[(i + n - 1) % n] : null;
      if (ziel) {
        e.preventDefault();
        ziel.focus();
        zustand.setzen({ ansicht: ziel.dataset.ansicht });
      }
    });
  }
  return reiter;
}
