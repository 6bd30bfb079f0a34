// Catchment areas on the path and road network: from where an offer or a clicked place is
// reached in 5, 10 and 15 minutes (GET /api/isochronen), drawn on the map, largest first.
/* global L */

import { holen } from "./api.js";
import { html, zahl } from "./format.js";

/** Colours from the largest (lightest) to the smallest area. */
const FARBEN = ["#fee8c8", "#fdbb84", "#e34a33"];
/** Half the width of the band around the reached ways, metres (as the service states in `methode`). */
const BAND_M = 50;

/** Draws the catchment of `ort` ({ angebot } or { lon, lat }) for measure `mass`; returns the answer. */
export async function einzugsbereichZeigen(karte, ort, mass, zielgruppe) {
  const v = await holen("api/isochronen", { ...ort, mass, zielgruppe });
  karte.ebenen.einzug.clearLayers();
  v.features.forEach((f, i) => {
    const farbe = FARBEN[Math.max(0, FARBEN.length - v.features.length + i)];
    L.geoJSON(f, {
      style: { color: "#7f2704", weight: 1, fillColor: farbe, fillOpacity: 0.55, className: "einzugsbereich" },
      interactive: false,
      onEachFeature: (_, ebene) => ebene.on("add", () => ebene.getElement()?.setAttribute("data-minuten", String(f.properties.minuten))),
    }).addTo(karte.ebenen.einzug);
  });
  L.circleMarker([v.ort.lat, v.ort.lon], { radius: 6, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(karte.ebenen.einzug);
  // The map goes to the areas (a walk of 15 minutes is a speck at the scale of the Kreis).
  const rahmen = L.latLngBounds([[v.ort.lat, v.ort.lon]]);
  karte.ebenen.einzug.eachLayer((l) => l.getBounds && rahmen.extend(l.getBounds()));
  karte.karte.fitBounds(rahmen.pad(0.25), { maxZoom: 16, animate: false });
  return v;
}

/** Removes a drawn catchment. */
export function einzugsbereichLeeren(karte) {
  karte.ebenen.einzug.clearLayers();
}

/** The figures of a catchment answer as a small table (`kurz`: without the method, for a popup). */
export function einzugsbereichHtml(v, kurz = false) {
  const wo = v.ort.name ? html(v.ort.name) : `Ort ${zahl(v.ort.lon, 4)} / ${zahl(v.ort.lat, 4)}`;
  const zeilen = [...v.features].reverse().map((f, i, alle) => {
    const p = f.properties;
    const farbe = FARBEN[FARBEN.length - alle.length + (alle.length - 1 - i)];
    return `<tr><th scope="row"><span class="farbfeld" style="background:${farbe}"></span> ${zahl(p.minuten, 0)} min</th><td class="zahl">${p.personen === null ? "nicht ausgewiesen" : zahl(p.personen, 0)}</td><td class="zahl">${zahl(p.flaeche_km2, 2)} km²</td></tr>`;
  });
  return `<table class="einzug-tabelle"><caption class="klein">Einzugsbereich von ${wo} (${html(v.entfernungsmass)})</caption>
    <thead><tr><th scope="col">bis</th><th scope="col" class="zahl">Personen</th><th scope="col" class="zahl">Fläche</th></tr></thead><tbody>${zeilen.join("")}</tbody></table>
    <p class="klein">Personen: ${html(v.zielgruppe.bezeichnung)}; Fläche: erreichte Wege, je Seite ${zahl(BAND_M, 0)} m breit.${kurz ? "" : ` ${html(v.methode)}`} ${html(v.netz?.quelle || "")}</p>
    <button type="button" class="einzug-weg">Einzugsbereich entfernen</button>`;
}
