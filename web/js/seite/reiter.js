// The view tabs: a click or the arrow keys switch the view (kept in the URL).

import * as zustand from "../zustand.js";

export function reiterEinrichten() {
  const reiter = [...document.querySelectorAll('[role="tab"]')];
  for (const r of reiter) {
    r.addEventListener("click", () => zustand.setzen({ ansicht: r.dataset.ansicht }));
    r.addEventListener("keydown", (e) => {
      const i = reiter.indexOf(r);
      const ziel = e.key === "ArrowRight" ? reiter[(i + 1) % reiter.length] : e.key === "ArrowLeft" ? reiter[(i + reiter.length - 1) % reiter.length] : null;
      if (ziel) {
        e.preventDefault();
        ziel.focus();
        zustand.setzen({ ansicht: ziel.dataset.ansicht });
      }
    });
  }
  return reiter;
}
