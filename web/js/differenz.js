// A map of changes in percentage points, diverging (ColorBrewer RdBu: losses red, gains blue),
// with its legend: the change a scenario makes, or the change from an earlier day to today.

import { html, prozent, zahl } from "./format.js";

const STUFEN = [
  { farbe: "#ca0020", bezeichnung: "Abnahme um mehr als 5 Prozentpunkte", passt: (d) => d < -5 },
  { farbe: "#f4a582", bezeichnung: "Abnahme bis 5 Prozentpunkte", passt: (d) => d < 0 },
  { farbe: "#f7f7f7", bezeichnung: "keine Änderung", passt: (d) => d === 0 },
  { farbe: "#92c5de", bezeichnung: "Zunahme bis 5 Prozentpunkte", passt: (d) => d <= 5 },
  { farbe: "#0571b0", bezeichnung: "Zunahme um mehr als 5 Prozentpunkte", passt: () => true },
];

/** The class of a change (shares 0 … 1), -1 when a value is not published. */
function stufe(w) {
  if (!w || w.vorher === null || w.vorher === undefined || w.nachher === null || w.nachher === undefined) return -1;
  const d = Math.round((w.nachher - w.vorher) * 1000) / 10;
  return STUFEN.findIndex((x) => x.passt(d));
}

/**
 * Draws `geo` coloured by the change of each unit: `wert(f)` gives `{ vorher, nachher, status }`
 * (shares 0 … 1, `null` when not published). `titel`, `hinweis` and `beispiel` go to the legend.
 */
export function differenzZeigen(ctx, geo, wert, { titel, hinweis, beispiel, vorherText = "vorher", nachherText = "nachher" }) {
  ctx.karte.einheiten(geo, (f) => {
    const w = wert(f);
    const i = stufe(w);
    const d = i < 0 ? 0 : w.nachher - w.vorher;
    return {
      farbe: i < 0 ? "#d9d9d9" : STUFEN[i].farbe,
      status: w?.status,
      text: i < 0 ? null : `${d >= 0 ? "+" : ""}${zahl(d * 100, 1)} Prozentpunkte (${vorherText} ${prozent(w.vorher)}, ${nachherText} ${prozent(w.nachher)})`,
    };
  });
  const werte = geo.features.map(wert);
  const anzahl = STUFEN.map((_, i) => werte.filter((w) => stufe(w) === i).length);
  const gesperrt = werte.filter((w) => w?.status === "nicht_ausgewiesen").length;
  const legende = [`<h2>${html(titel)}</h2><ul>`, ...STUFEN.map((x, i) => `<li><span class="farbfeld" style="background:${x.farbe}" aria-hidden="true"></span><span>${html(x.bezeichnung)} (${anzahl[i]})</span></li>`)];
  if (gesperrt) legende.push(`<li><span class="farbfeld schraffur" aria-hidden="true"></span><span>nicht ausgewiesen (Datenschutz) (${gesperrt})</span></li>`);
  legende.push(`</ul><p class="hinweis">${hinweis}</p>`);
  ctx.legende(legende.join(""), beispiel);
}
