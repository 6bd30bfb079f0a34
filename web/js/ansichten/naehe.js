// Near a place (Ressourcenkarte): the nearest offers of each category and the offers within a
// radius, grouped by category.
/* global L */

import { holen } from "../api.js";
import { html, lesen, meter, zahl } from "../format.js";
import * as zustand from "../zustand.js";

export const naeheAnsicht = {
  id: "naehe",
  klickbar: true,

  einrichten() {
    document.getElementById("naehe-suchen").addEventListener("click", () => {
      const lon = lesen(document.getElementById("naehe-lon").value);
      const lat = lesen(document.getElementById("naehe-lat").value);
      zustand.setzen({ lon: Number.isFinite(lon) ? String(lon) : "", lat: Number.isFinite(lat) ? String(lat) : "" });
    });
    document.getElementById("naehe-radius").addEventListener("change", (e) => zustand.setzen({ radius: e.target.value }));
  },

  klick(latlng) {
    zustand.setzen({ lon: latlng.lng.toFixed(5), lat: latlng.lat.toFixed(5) });
  },

  async zeigen(ctx, s) {
    document.getElementById("naehe-radius").value = s.radius;
    ctx.karte.ebenen.ort.clearLayers();
    ctx.grundkarte();
    const ergebnis = document.getElementById("naehe-ergebnis");
    const titel = "In der Nähe eines Ortes";
    if (s.lon === "" || s.lat === "") {
      ergebnis.innerHTML = "";
      ctx.legende(`<h2>${titel}</h2><p class="hinweis">Ort in die Karte klicken oder Koordinaten eingeben.</p>`, false);
      ctx.tabelle.zeigen(titel, [{ id: "hinweis", titel: "Hinweis", text: (r) => r.text }], [{ text: "Noch kein Ort gewählt." }]);
      return { titel, beispiel: false };
    }
    document.getElementById("naehe-lon").value = zahl(Number(s.lon), 5);
    document.getElementById("naehe-lat").value = zahl(Number(s.lat), 5);
    const radius = Number(s.radius);
    const kategorien = ctx.kategorien.filter((k) => k.anzahl > 0);
    const [umkreis, ...naechste] = await Promise.all([
      holen("api/umkreis", { lon: s.lon, lat: s.lat, radius }),
      ...kategorien.map((k) => holen("api/naechste", { lon: s.lon, lat: s.lat, kategorie: k.id, k: 3 })),
    ]);
    const ll = [Number(s.lat), Number(s.lon)];
    L.marker(ll, { icon: L.divIcon({ className: "", html: '<div class="marker-ort" style="width:16px;height:16px"></div>', iconSize: [16, 16], iconAnchor: [8, 8] }), title: "gewählter Ort", keyboard: false }).addTo(ctx.karte.ebenen.ort);
    const kreis = L.circle(ll, { radius, color: "#000", weight: 2, dashArray: "6 4", fill: false, interactive: false }).addTo(ctx.karte.ebenen.ort);
    if (!ctx.karte.karte.getBounds().contains(kreis.getBounds())) ctx.karte.karte.fitBounds(kreis.getBounds().pad(0.5));
    for (const k of kategorien) ctx.angeboteSicherstellen(k.id);
    const teile = [`<p>Im Umkreis von ${meter(radius)}: <strong>${umkreis.anzahl}</strong> Angebote.</p>`];
    for (const [i, k] of kategorien.entries()) {
      const f = naechste[i].features;
      teile.push(`<h3>${html(k.bezeichnung)}${k.beispiel ? " (Beispiel)" : ""}</h3><ol class="liste">${f.map((x) => `<li>${html(x.properties.name)} – ${meter(x.properties.entfernung_m)}</li>`).join("")}</ol>`);
    }
    teile.push(`<p class="klein">${html(umkreis.entfernungsmass)}</p>`);
    ergebnis.innerHTML = teile.join("");
    ctx.legende(`<h2>${titel}</h2><p class="hinweis">Schwarzer Punkt: gewählter Ort; gestrichelt: Umkreis von ${meter(radius)}. ${html(umkreis.entfernungsmass)}.</p>`, umkreis.gruppen.some((g) => g.angebote.some((a) => a.properties.beispiel)));
    const zeilen = umkreis.gruppen.flatMap((g) => g.angebote.map((a) => ({ ...a.properties, gruppe: g.bezeichnung })));
    ctx.tabelle.zeigen(`Angebote im Umkreis von ${meter(radius)}`, [
      { id: "name", titel: "Angebot", text: (r) => r.name + (r.beispiel ? " (Beispiel)" : "") },
      { id: "gruppe", titel: "Kategorie", text: (r) => r.gruppe },
      { id: "entfernung", titel: "Entfernung", zahl: true, text: (r) => meter(r.entfernung_m), wert: (r) => r.entfernung_m },
      { id: "traeger", titel: "Träger", text: (r) => r.traeger || "–" },
      { id: "adresse", titel: "Adresse", text: (r) => [r.strasse, [r.plz, r.ort].filter(Boolean).join(" ")].filter(Boolean).join(", ") },
    ], zeilen);
    ctx.quelle(`Ort ${zahl(Number(s.lon), 5)} / ${zahl(Number(s.lat), 5)}; ${umkreis.entfernungsmass}.`);
    return { titel, beispiel: false };
  },
};
