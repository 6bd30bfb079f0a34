// Linked highlighting: hovering or focusing a unit in the map, a chart or the table marks it in
// all three, and tells listeners (the time series follows the Kommune).

const ORTE = "#karte .einheit[data-id], #grafiken .diagramm-element[data-id], #daten-tabelle tbody tr[data-id]";

let aktuell = null;

/** Marks unit `id` everywhere (`null`: none). */
export function hervorheben(id) {
  if (id === aktuell) return;
  aktuell = id;
  for (const el of document.querySelectorAll(".hervorgehoben")) el.classList.remove("hervorgehoben");
  if (id) {
    const wert = CSS.escape(id);
    const auswahl = ORTE.split(", ").map((s) => s.replace("[data-id]", `[data-id="${wert}"]`)).join(", ");
    for (const el of document.querySelectorAll(auswahl)) el.classList.add("hervorgehoben");
  }
  document.dispatchEvent(new CustomEvent("sozialraum:hervorheben", { detail: id }));
}

/** Listens to the pointer and the keyboard on the whole page. */
export function hervorhebenEinrichten() {
  const ziel = (e) => (e.target instanceof Element ? e.target.closest(ORTE) : null);
  document.addEventListener("mouseover", (e) => {
    const el = ziel(e);
    if (el) hervorheben(el.dataset.id);
  });
  document.addEventListener("mouseout", (e) => {
    const von = ziel(e);
    const nach = e.relatedTarget instanceof Element ? e.relatedTarget.closest(ORTE) : null;
    if (von && !nach) hervorheben(null);
  });
  document.addEventListener("focusin", (e) => {
    const el = ziel(e);
    hervorheben(el ? el.dataset.id : null);
  });
}
