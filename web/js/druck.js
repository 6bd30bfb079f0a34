// Printing: the page becomes exactly one sheet of the chosen paper (A4 or A3, landscape or
// portrait). The map is sized to the printable frame in millimetres and the whole Kreis is
// fitted into it; legend, north arrow, scale bar, source, Stand and the data-protection note
// stand beside (landscape) or below (portrait) the map, never on it.

import { zahl } from "./format.js";

/** Paper sizes in millimetres, landscape. */
const PAPIER = { A4: [297, 210], A3: [420, 297] };
/** Page margin, millimetres (as in the @page rule). */
export const RAND_MM = 10;
const PX_JE_MM = 96 / 25.4;

/** The printable width and height of a sheet, millimetres. */
export function druckflaeche(papier, hoch) {
  const [b, h] = PAPIER[papier] || PAPIER.A4;
  return hoch ? [h - 2 * RAND_MM, b - 2 * RAND_MM] : [b - 2 * RAND_MM, h - 2 * RAND_MM];
}

/** A "nice" length (1, 2, 5 × 10ⁿ metres) of at most `max_m`. */
function rund(max_m) {
  const e = 10 ** Math.floor(Math.log10(max_m));
  return [5, 2, 1].map((f) => f * e).find((l) => l <= max_m) || e;
}

export class Druck {
  constructor(karte, seitenformat) {
    this.karte = karte;
    this.seitenformat = seitenformat;
    this.aktiv = false;
  }

  /** Lays the page out as one sheet and fits the Kreis into the map frame. */
  vorbereiten({ papier, hoch }) {
    const body = document.body;
    this.warPraesentation = body.classList.contains("praesentation");
    body.classList.remove("praesentation");
    const [breite, hoehe] = druckflaeche(papier, hoch);
    this.seitenformat.textContent = `@page { size: ${papier === "A3" ? "A3" : "A4"} ${hoch ? "portrait" : "landscape"}; margin: ${RAND_MM}mm; }`;
    body.classList.add("druck");
    body.classList.toggle("druck-a3", papier === "A3");
    body.classList.toggle("druck-hoch", hoch);
    this.randFuellen();
    const luecke = 4;
    const randBreite = hoch ? breite : papier === "A3" ? 100 : 74;
    const kartenBreite = hoch ? breite : breite - randBreite - luecke;
    body.style.setProperty("--druck-b", `${breite}mm`);
    body.style.setProperty("--druck-h", `${hoehe}mm`);
    body.style.setProperty("--druck-karte-b", `${kartenBreite}mm`);
    body.style.setProperty("--druck-rand-b", `${randBreite}mm`);
    // The heading and (portrait) the legend below take what they need; the map the rest.
    body.style.setProperty("--druck-karte-h", "50mm");
    const kopf = document.querySelector(".kopf").getBoundingClientRect().height / PX_JE_MM;
    document.getElementById("druck-rand").style.zoom = "";
    body.style.setProperty("--druck-rand-h", `${0.42 * hoehe}mm`);
    const randHoehe = hoch ? Math.min(0.42 * hoehe, document.getElementById("druck-rand").scrollHeight / PX_JE_MM) : 0;
    const kartenHoehe = Math.max(60, hoehe - kopf - (hoch ? randHoehe + luecke : 0) - 3);
    body.style.setProperty("--druck-karte-h", `${kartenHoehe}mm`);
    // Beside the map the margin column has the map's height: a long legend gets smaller type
    // rather than being cut off.
    const rand = document.getElementById("druck-rand");
    rand.style.fontSize = "";
    // (Two columns on portrait overflow sideways, one column on landscape downwards.)
    const ueber = () => rand.scrollHeight > rand.clientHeight + 1 || rand.scrollWidth > rand.clientWidth + 1;
    for (let faktor = 1; faktor > 0.45 && ueber(); faktor -= 0.05) {
      rand.style.zoom = String(faktor);
    }
    this.aktiv = true;
    this.einpassen();
  }

  /** Fits the whole Kreis into the frame and draws the scale bar for that scale. */
  einpassen() {
    const k = this.karte.karte;
    k.invalidateSize({ animate: false, pan: false });
    const umriss = this.karte.ebenen.umriss;
    // On paper the zoom need not snap to steps: the Kreis fills the frame exactly.
    if (this.zoomSnap === undefined) this.zoomSnap = k.options.zoomSnap;
    k.options.zoomSnap = 0;
    if (umriss) k.fitBounds(umriss.getBounds(), { padding: [10, 10], animate: false });
    this.karte.namenEntzerren();
    this.massstab();
  }

  massstab() {
    const k = this.karte.karte;
    const groesse = k.getSize();
    const y = groesse.y / 2;
    const a = k.containerPointToLatLng([groesse.x / 2 - 50, y]);
    const b = k.containerPointToLatLng([groesse.x / 2 + 50, y]);
    const meterJePx = k.distance(a, b) / 100;
    const laenge = rund(meterJePx * 40 * PX_JE_MM);
    const px = laenge / meterJePx;
    document.getElementById("druck-massstab").innerHTML =
      `<div class="balken" style="width:${px.toFixed(1)}px"><span></span><span></span></div>` +
      `<div class="skala" style="width:${px.toFixed(1)}px"><span>0</span><span>${laenge >= 1000 ? `${zahl(laenge / 1000)} km` : `${zahl(laenge)} m`}</span></div>`;
  }

  /** Legend, source, Stand and data-protection note of the view shown, beside the map. */
  randFuellen() {
    const text = (id) => document.getElementById(id)?.textContent || "";
    document.getElementById("druck-legende").innerHTML = document.getElementById("legende").innerHTML + document.getElementById("kennzahlen").innerHTML;
    document.getElementById("druck-quelle").textContent = text("quellen");
    document.getElementById("druck-stand").textContent = text("stand");
    document.getElementById("druck-datenschutz").textContent = text("datenschutz-hinweis");
  }

  beenden() {
    if (!this.aktiv) return;
    this.aktiv = false;
    const body = document.body;
    body.classList.remove("druck", "druck-a3", "druck-hoch");
    document.getElementById("druck-rand").style.zoom = "";
    body.classList.toggle("praesentation", this.warPraesentation);
    if (this.zoomSnap !== undefined) this.karte.karte.options.zoomSnap = this.zoomSnap;
    this.zoomSnap = undefined;
    for (const v of ["--druck-b", "--druck-h", "--druck-karte-b", "--druck-rand-b", "--druck-karte-h", "--druck-rand-h"]) body.style.removeProperty(v);
    this.karte.einpassen();
  }
}
