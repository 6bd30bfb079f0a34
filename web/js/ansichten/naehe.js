// Near a place (Ressourcenkarte): the nearest offers of each category and the offers within a
// radius, grouped by category.
/* global L */

import { holen } from "../api.js";
import { html, lesen, meter, zahl } from "../format.js";
import * as zustand from "../zustand.js";

/** What is wrong with a place typed as longitude and latitude, or null. */
export function ortPruefen({ lon, lat }, kreis) {
  const x = lesen(lon);
  const y = lesen(lat);
  const kurz = (t) => (String(t).length > 20 ? `${String(t).slice(0, 20)}…` : String(t));
  if (String(lon).trim() === "" || String(lat).trim() === "") return "Bitte Länge und Breite eingeben (Dezimalgrad, z. B. Länge 8,50 und Breite 50,55) oder einen Ort in die Karte klicken.";
  if (!Number.isFinite(x)) return `Die Länge „${kurz(lon)}“ ist keine Zahl. Beispiel: 8,50`;
  if (!Number.isFinite(y)) return `Die Breite „${kurz(lat)}“ ist keine Zahl. Beispiel: 50,55`;
  if (Math.abs(x) > 1000 || Math.abs(y) > 1000) return `Die Werte sehen nach Metern aus (z. B. ETRS89/UTM 32N), nicht nach Grad. Bitte Länge und Breite in Dezimalgrad eingeben, z. B. Länge 8,50 und Breite 50,55.`;
  if (x >= 47 && x <= 55.5 && y >= 5.5 && y <= 15.5) return `Länge und Breite scheinen vertauscht: die Länge liegt in Hessen bei etwa 8, die Breite bei etwa 50. Gemeint ist wohl Länge ${zahl(y, 4)}, Breite ${zahl(x, 4)}.`;
  if (kreis && !kreis.pad(0.05).contains([y, x])) {
    return `Der Ort (Länge ${zahl(x, 4)}, Breite ${zahl(y, 4)}) liegt außerhalb des Kreises. Im Kreis liegen Längen von etwa ${zahl(kreis.getWest(), 1)} bis ${zahl(kreis.getEast(), 1)} und Breiten von ${zahl(kreis.getSouth(), 1)} bis ${zahl(kreis.getNorth(), 1)}.`;
  }
  return null;
}

export const naeheAnsicht = {
  id: "naehe",
  klickbar: true,

  einrichten(ctx) {
    document.getElementById("naehe-suchen").addEventListener("click", () => {
      const eingabe = { lon: document.getElementById("naehe-lon").value, lat: document.getElementById("naehe-lat").value };
      const fehler = ortPruefen(eingabe, ctx.karte.ebenen.umriss?.getBounds());
      const feld = document.getElementById("naehe-ergebnis");
      if (fehler) {
        feld.innerHTML = `<p class="eingabefehler" role="alert">${html(fehler)}</p>`;
        return;
      }
      zustand.setzen({ lon: String(lesen(eingabe.lon)), lat: String(lesen(eingabe.lat)) });
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
    ctx.kennzahlen("");
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
    // The map goes to the chosen place: the circle and some surroundings fill the view.
    ctx.karte.karte.fitBounds(kreis.getBounds().pad(0.4), { animate: false });
    for (const k of kategorien) ctx.angeboteSicherstellen(k.id);
    const teile = [`<p>Im Umkreis von ${meter(radius)}: <strong>${umkreis.anzahl}</strong> Angebote.</p>`, "<h3>Nächste Angebote je Kategorie</h3>"];
    for (const [i, k] of kategorien.entries()) {
      const f = naechste[i].features;
      teile.push(`<h4>${html(k.bezeichnung)}${k.beispiel ? " (Beispiel)" : ""}</h4><ol class="liste">${f.map((x) => `<li>${html(x.properties.name)} – ${meter(x.properties.entfernung_m)}</li>`).join("")}</ol>`);
    }
    teile.push(`<p class="klein">${html(umkreis.entfernungsmass)}</p>`);
    // The list stands beside the map (and on paper); the panel keeps the count.
    ergebnis.innerHTML = `${teile[0]}<p class="klein">Die nächsten Angebote je Kategorie stehen neben der Karte.</p>`;
    // The same figures beside the map (and on paper): place, count, nearest of each category.
    ctx.kennzahlen(`<p>Ort: Länge ${zahl(Number(s.lon), 4)}, Breite ${zahl(Number(s.lat), 4)}</p>${teile.join("")}`);
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
