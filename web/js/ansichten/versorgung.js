// Coverage: Kommunen coloured by the share of a target group within a distance of the nearest
// offer; rings around the offers; figures per Kommune or region and for the Kreis.

import { holen } from "../api.js";
import { differenzZeigen } from "../differenz.js";
import { html, meter, prozent, zahl } from "../format.js";
import { kartenDateien, legendeHtml } from "../legende.js";
import * as zustand from "../zustand.js";

export const KLASSEN = "20,40,60,80";

export function versorgungsKarte(s, schwelle) {
  return holen("api/indikatoren/abdeckung", {
    kategorie: s.kategorie, zielgruppe: s.zielgruppe, schwelle, umwegfaktor: s.umweg, ebene: s.ebene, schema: s.schema,
    methode: "manuell", grenzen: KLASSEN, palette: "blues",
  });
}

export const versorgungAnsicht = {
  id: "versorgung",

  einrichten() {
    const regler = document.getElementById("vers-schwelle");
    regler.addEventListener("input", () => {
      document.getElementById("vers-schwelle-text").textContent = meter(Number(regler.value));
    });
    regler.addEventListener("change", () => zustand.setzen({ schwelle: regler.value }));
    for (const b of document.querySelectorAll(".baender button")) {
      b.addEventListener("click", () => zustand.setzen({ schwelle: b.dataset.schwelle }));
    }
    for (const [id, k] of [["vers-kategorie", "kategorie"], ["vers-zielgruppe", "zielgruppe"], ["vers-umweg", "umweg"], ["vers-ebene", "ebene"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }));
    }
    document.getElementById("vers-ringe").addEventListener("change", (e) => zustand.setzen({ ringe: e.target.checked ? "1" : "0" }));
    document.getElementById("vers-vergleich").addEventListener("change", (e) => zustand.setzen({ vergleich: e.target.checked ? "1" : "" }));
  },

  async zeigen(ctx, s) {
    const schwelle = Number(s.schwelle) || ctx.konfiguration.schwelle_m;
    document.getElementById("vers-schwelle").value = schwelle;
    document.getElementById("vers-schwelle-text").textContent = meter(schwelle);
    for (const [id, k] of [["vers-kategorie", "kategorie"], ["vers-zielgruppe", "zielgruppe"], ["vers-umweg", "umweg"], ["vers-ebene", "ebene"]]) {
      document.getElementById(id).value = s[k];
    }
    document.getElementById("vers-ringe").checked = s.ringe === "1";
    for (const b of document.querySelectorAll(".baender button")) b.setAttribute("aria-pressed", String(Number(b.dataset.schwelle) === schwelle));
    const ebene = s.ebene === "region" ? "region" : "kommune";
    const frage = { kategorie: s.kategorie, zielgruppe: s.zielgruppe, schwellen: schwelle, umwegfaktor: s.umweg, schema: s.schema };
    document.getElementById("vers-vergleich-feld").hidden = !s.stand;
    document.getElementById("vers-vergleich").checked = s.vergleich === "1";
    const vergleich = Boolean(s.stand) && s.vergleich === "1";
    const [karte, zahlen, regionen, heute] = await Promise.all([
      versorgungsKarte({ ...s, ebene }, schwelle),
      holen("api/abdeckung", { ...frage, ebene }),
      holen("api/abdeckung", { ...frage, ebene: "region" }),
      vergleich ? holen("api/abdeckung", { ...frage, ebene, stand: "" }) : null,
    ]);
    ctx.angeboteSicherstellen(s.kategorie);
    ctx.karte.ringe(s.kategorie, schwelle / Number(s.umweg || 1), s.ringe === "1");
    const zg = zahlen.zielgruppe.bezeichnung;
    const kat = zahlen.kategorie;
    const feld = `anteil_${schwelle}`;
    const tag = s.stand ? s.stand.split("-").reverse().join(".") : "";
    let titel = `Versorgung: ${kat.bezeichnung} – ${zg} im Umkreis von ${meter(schwelle)}${tag ? ` am ${tag}` : ""}`;
    if (vergleich) {
      // The change from the chosen day to today, per unit (both values published, or grey).
      const anteil = (antwort) => Object.fromEntries(antwort.einheiten.map((e) => [e.id, e.ausgewiesen ? e[feld] : null]));
      const damals = anteil(zahlen);
      const jetzt = anteil(heute);
      const status = Object.fromEntries(zahlen.einheiten.map((e) => [e.id, e.ausgewiesen && heute.einheiten.find((x) => x.id === e.id)?.ausgewiesen ? "ausgewiesen" : "nicht_ausgewiesen"]));
      titel = `Versorgung: ${kat.bezeichnung} – Änderung vom ${tag} bis heute`;
      differenzZeigen(ctx, karte, (f) => ({ vorher: damals[f.properties.id] ?? null, nachher: jetzt[f.properties.id] ?? null, status: status[f.properties.id] }), {
        titel, beispiel: kat.beispiel, vorherText: `am ${tag}`, nachherText: "heute",
        hinweis: `Änderung des Anteils im Umkreis von ${meter(schwelle)} (${html(zg)}) zwischen dem ${tag} und heute, in Prozentpunkten. Die Karte zeigt die Angebote des ${tag}. Entfernung: ${html(zahlen.entfernungsmass)}.`,
      });
      for (const e of zahlen.einheiten) e.heute = jetzt[e.id];
      for (const e of zahlen.kreis) e.heute = heute.kreis.find((x) => x.id === e.id)?.[feld] ?? null;
    } else {
      ctx.karte.einheiten(karte, (f) => ({ farbe: f.properties.farbe, status: f.properties.status, text: f.properties.wert === null ? null : `${zahl(f.properties.wert, 1)} % im Umkreis von ${meter(schwelle)}` }));
      ctx.legende(legendeHtml(karte.legende, { titel, zusatz: `Entfernung: ${html(zahlen.entfernungsmass)}. ${s.ringe === "1" ? "Kreise: Umkreis um jedes Angebot." : ""}` }), kat.beispiel);
    }
    const zeile = (k) => `<tr><th scope="row">${html(k.name)}</th><td class="zahl">${k[feld] === null ? "nicht ausgewiesen" : prozent(k[feld])}</td></tr>`;
    const kreis = [...regionen.einheiten.filter((e) => e.art === "region"), ...zahlen.kreis].map(zeile).join("");
    ctx.kennzahlen(`<table><caption class="klein">${html(zg)} im Umkreis von ${meter(schwelle)}</caption><tbody>${kreis}</tbody></table><p class="klein">${html(zahlen.bevoelkerungsbasis)}</p>`);
    ctx.quelle(`${ctx.konfiguration.quelle_bevoelkerung}. Angebote: ${kat.beispiel ? "Beispieldaten" : "siehe Datenquellen"}. ${zahlen.entfernungsmass}.`);
    const wert = (r, k) => (r.ausgewiesen ? r[k] : null);
    const spalten = [
      { id: "name", titel: "Gebiet", text: (r) => r.name },
      { id: "gewicht", titel: zg, zahl: true, text: (r) => (wert(r, "gewicht") === null ? "nicht ausgewiesen" : zahl(r.gewicht, 0)), wert: (r) => wert(r, "gewicht") },
      { id: "anteil", titel: `Anteil bis ${meter(schwelle)}`, zahl: true, text: (r) => (wert(r, feld) === null ? "nicht ausgewiesen" : prozent(r[feld])), wert: (r) => wert(r, feld) },
      { id: "versorgt", titel: "versorgt", zahl: true, text: (r) => (wert(r, `versorgt_${schwelle}`) === null ? "–" : zahl(r[`versorgt_${schwelle}`], 0)), wert: (r) => wert(r, `versorgt_${schwelle}`) },
      { id: "nicht", titel: "nicht versorgt", zahl: true, text: (r) => (wert(r, "nicht_versorgt") === null ? "–" : zahl(r.nicht_versorgt, 0)), wert: (r) => wert(r, "nicht_versorgt") },
    ];
    if (vergleich) {
      const aenderung = (r) => (wert(r, feld) === null || r.heute === null || r.heute === undefined ? null : r.heute - r[feld]);
      spalten.push(
        { id: "heute", titel: "Anteil heute", zahl: true, text: (r) => (r.heute === null || r.heute === undefined ? "nicht ausgewiesen" : prozent(r.heute)), wert: (r) => r.heute ?? null },
        { id: "aenderung", titel: "Änderung (Prozentpunkte)", zahl: true, text: (r) => (aenderung(r) === null ? "–" : `${aenderung(r) >= 0 ? "+" : ""}${zahl(aenderung(r) * 100, 1)}`), wert: aenderung },
      );
      spalten[2] = { ...spalten[2], titel: `Anteil am ${tag}` };
    }
    ctx.tabelle.zeigen(titel, spalten, zahlen.einheiten, zahlen.kreis);
    const q = new URLSearchParams({ kategorie: s.kategorie, zielgruppe: s.zielgruppe, schwelle, umwegfaktor: s.umweg, ebene, methode: "manuell", grenzen: KLASSEN, palette: "blues" });
    const dateien = [
      ...kartenDateien("abdeckung", q, s),
      { text: "Daten der Kommunen als GeoPackage (1, 2, 5 km)", href: `api/export/abdeckung-${s.kategorie}.gpkg?zielgruppe=${s.zielgruppe}` },
      { text: "Daten der Kommunen als CSV (1, 2, 5 km)", href: `api/export/abdeckung-${s.kategorie}.csv?zielgruppe=${s.zielgruppe}` },
    ];
    return { titel, beispiel: kat.beispiel, dateien };
  },
};
