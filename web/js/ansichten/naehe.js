// Near a place: the offers of each category within a radius (or the nearest one), grouped, and
// the Ressourcenkarte to print for a Hilfeplangespräch. The place is never put in the URL.
/* global L */

import { senden } from "../api.js";
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
    document.getElementById("naehe-drucken").hidden = true;
    ctx.karte.ebenen.ort.clearLayers();
    ctx.grundkarte();
    ctx.kennzahlen("");
    const ergebnis = document.getElementById("naehe-ergebnis");
    const titel = "In der Nähe eines Ortes";
    if (s.lon === "" || s.lat === "") {
      ergebnis.innerHTML = "";
      ctx.legende(`<h2>${titel}</h2><p class="hinweis">Ort in die Karte klicken oder Koordinaten eingeben.</p>`, false);
      ctx.tabelle.zeigen(titel, [{ id: "hinweis", titel: "Hinweis", text: (r) => r.text }], [{ text: "Noch kein Ort gewählt." }]);
      ctx.quelle("Noch kein Ort gewählt.");
      return { titel, beispiel: false };
    }
    document.getElementById("naehe-lon").value = zahl(Number(s.lon), 5);
    document.getElementById("naehe-lat").value = zahl(Number(s.lat), 5);
    const radius = Number(s.radius);
    // The place goes in the body of a POST: no URL, log or browser history keeps it.
    const r = await senden("api/ressourcenkarte", { lon: Number(s.lon), lat: Number(s.lat), radius, je_kategorie: 4 });
    letzte = { daten: r, kommunen: ctx.kommunenGeo, konfiguration: ctx.konfiguration };
    const ll = [r.lat, r.lon];
    L.marker(ll, { icon: L.divIcon({ className: "", html: '<div class="marker-ort" style="width:16px;height:16px"></div>', iconSize: [16, 16], iconAnchor: [8, 8] }), title: "gewählter Ort", keyboard: false }).addTo(ctx.karte.ebenen.ort);
    const kreis = L.circle(ll, { radius, color: "#000", weight: 2, dashArray: "6 4", fill: false, interactive: false }).addTo(ctx.karte.ebenen.ort);
    // The map goes to the chosen place: the circle and some surroundings fill the view.
    ctx.karte.karte.fitBounds(kreis.getBounds().pad(0.4), { animate: false });
    for (const g of r.gruppen) ctx.angeboteSicherstellen(g.kategorie.id);
    const beispiel = r.gruppen.some((g) => g.angebote.some((a) => a.beispiel));
    const teile = [`<p>Im Umkreis von ${meter(radius)}: <strong>${r.im_umkreis}</strong> Angebote${r.kommune ? ` (Ort in ${html(r.kommune.name)})` : ""}.</p>`, "<h3>Angebote je Kategorie</h3>"];
    for (const g of r.gruppen) {
      const mehr = g.im_umkreis > g.angebote.length ? ` <span class="klein">(${g.im_umkreis} im Umkreis)</span>` : "";
      teile.push(`<h4>${html(g.kategorie.bezeichnung)}${g.kategorie.beispiel ? " (Beispiel)" : ""}${mehr}</h4><ol class="liste">${g.angebote.map((a) => `<li>${html(a.name)} – ${meter(a.entfernung_m)}${a.im_umkreis ? "" : " (außerhalb des Umkreises)"}</li>`).join("")}</ol>`);
    }
    teile.push(`<p class="klein">${html(r.entfernungsmass)}</p>`);
    ergebnis.innerHTML = `${teile[0]}<p class="klein">Die Angebote je Kategorie stehen neben der Karte.</p>`;
    document.getElementById("naehe-drucken").hidden = false;
    ctx.kennzahlen(teile.join(""));
    ctx.legende(`<h2>${titel}</h2><p class="hinweis">Schwarzer Punkt: gewählter Ort; gestrichelt: Umkreis von ${meter(radius)}. ${html(r.entfernungsmass)}.</p>`, beispiel);
    const zeilen = r.gruppen.flatMap((g) => g.angebote.map((a) => ({ ...a, gruppe: g.kategorie.bezeichnung })));
    ctx.tabelle.zeigen(`Angebote nahe dem Ort (Umkreis ${meter(radius)})`, [
      { id: "nummer", titel: "Nr.", zahl: true, text: (x) => String(x.nummer), wert: (x) => x.nummer },
      { id: "name", titel: "Angebot", text: (x) => x.name + (x.beispiel ? " (Beispiel)" : "") },
      { id: "gruppe", titel: "Kategorie", text: (x) => x.gruppe },
      { id: "entfernung", titel: "Entfernung", zahl: true, text: (x) => meter(x.entfernung_m), wert: (x) => x.entfernung_m },
      { id: "traeger", titel: "Träger", text: (x) => x.traeger || "–" },
      { id: "adresse", titel: "Adresse", text: (x) => [x.strasse, [x.plz, x.ort].filter(Boolean).join(" ")].filter(Boolean).join(", ") },
    ], zeilen);
    ctx.quelle(`${r.entfernungsmass}. ${r.stand}.`);
    return { titel, beispiel };
  },
};

/** The answer of the last place shown (for the Ressourcenkarte), in memory only. */
let letzte = null;

/** The last Ressourcenkarte answer with what its print needs (null before a place is shown). */
export function letzteRessourcen() {
  return letzte;
}
