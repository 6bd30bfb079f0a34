// Standorte: where the next offers of a category would reach most people of the target group
// (the existing offers fixed) – the proposed sites with rank and gain, the coverage curve that
// shows how the gains shrink, and one click hands the sites to the scenario view.
/* global L */

import { holen } from "../api.js";
import { html, prozent, zahl } from "../format.js";
import * as zustand from "../zustand.js";
import { bisText, messung, schwelleSetzen, schwellenParameter, schwellenText, schwellenWahl } from "./versorgung.js";

/** The coverage curve as a small SVG line chart: share of the Kreis over the number of sites. */
export function kurveSvg(kurve, gewaehlt) {
  const b = 300;
  const h = 150;
  const rand = { l: 44, r: 10, o: 10, u: 30 };
  const n = kurve.length - 1;
  const min = Math.floor(kurve[0].anteil * 20) / 20;
  const max = Math.min(1, Math.ceil(kurve[n].anteil * 20) / 20 + 0.0001);
  const x = (i) => rand.l + (i / Math.max(1, n)) * (b - rand.l - rand.r);
  const y = (a) => h - rand.u - ((a - min) / Math.max(1e-9, max - min)) * (h - rand.o - rand.u);
  const linie = kurve.map((k, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(k.anteil).toFixed(1)}`).join("");
  const punkte = kurve
    .map((k, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(k.anteil).toFixed(1)}" r="${i && i <= gewaehlt ? 4.5 : 3}" class="${i && i <= gewaehlt ? "kurve-gewaehlt" : "kurve-weitere"}"><title>${i} Standort(e): ${prozent(k.anteil)} (+${zahl(k.zuwachs)} Personen)</title></circle>`)
    .join("");
  const achsenY = [min, (min + max) / 2, max].map((a) => `<text x="${rand.l - 4}" y="${(y(a) + 4).toFixed(1)}" text-anchor="end">${prozent(a, 0)}</text>`).join("");
  const achsenX = kurve.map((_, i) => (i % 2 === 0 || n <= 10 ? `<text x="${x(i).toFixed(1)}" y="${h - rand.u + 14}" text-anchor="middle">${i}</text>` : "")).join("");
  return `<svg class="kurve" viewBox="0 0 ${b} ${h}" role="img" aria-label="Versorgungskurve: Anteil der Zielgruppe im Umkreis mit 0 bis ${n} neuen Standorten, von ${prozent(kurve[0].anteil)} bis ${prozent(kurve[n].anteil)}">
    <line x1="${rand.l}" y1="${h - rand.u}" x2="${b - rand.r}" y2="${h - rand.u}" class="achse"/><line x1="${rand.l}" y1="${rand.o}" x2="${rand.l}" y2="${h - rand.u}" class="achse"/>
    ${achsenY}${achsenX}<text x="${(b + rand.l) / 2}" y="${h - 2}" text-anchor="middle">neue Standorte</text>
    <path d="${linie}" class="kurve-linie"/>${punkte}</svg>`;
}

export const standorteAnsicht = {
  id: "standorte",

  einrichten(ctx) {
    // Every category may get its first sites, also one without any offer yet.
    document.getElementById("st-kategorie").innerHTML = ctx.alleKategorien.map((k) => `<option value="${html(k.id)}">${html(k.bezeichnung)}</option>`).join("");
    document.getElementById("st-gewicht").innerHTML = `<option value="">alle Personen gleich</option>${ctx.katalog.indikatoren
      .filter((i) => i.polaritaet === "bedarf")
      .map((i) => `<option value="${html(i.id)}">${html(i.name)}${i.beispiel ? " (Beispiel)" : ""}</option>`)
      .join("")}`;
    document.getElementById("st-schwelle").addEventListener("change", (e) => zustand.setzen(schwelleSetzen(e.target.value)));
    for (const [id, k] of [["st-kategorie", "kategorie"], ["st-zielgruppe", "zielgruppe"], ["st-anzahl", "anzahl"], ["st-kandidaten", "kandidaten"], ["st-gewicht", "gewicht"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }));
    }
    document.getElementById("st-szenario").addEventListener("click", () => {
      const v = this.letzter;
      if (!v) return;
      zustand.setzen({
        ansicht: "szenario",
        kategorie: v.kategorie.id,
        zielgruppe: v.zielgruppe.id,
        ...(v.schwelle_min ? { minuten: String(v.schwelle_min) } : { schwelle: String(v.schwelle_m) }),
        plan: v.standorte.map((x) => `${x.lon},${x.lat}`).join(";"),
        weg: "",
      });
    });
  },

  async zeigen(ctx, s) {
    const m = messung(s);
    const schwelle = schwellenWahl(ctx, s, document.getElementById("st-schwelle"));
    const st = schwellenText(m, Number(schwelle));
    for (const [id, v] of [["st-kategorie", s.kategorie], ["st-zielgruppe", s.zielgruppe], ["st-anzahl", s.anzahl], ["st-kandidaten", s.kandidaten], ["st-gewicht", s.gewicht]]) {
      document.getElementById(id).value = v;
    }
    const v = await holen("api/standortvorschlag", { kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...schwellenParameter(m, schwelle), mass: m.mass, anzahl: s.anzahl, kandidaten: s.kandidaten, gewicht: s.gewicht });
    this.letzter = v;
    ctx.grundkarte();
    ctx.angeboteSicherstellen(s.kategorie);
    const ebene = ctx.karte.ebenen.szenario;
    ebene.clearLayers();
    for (const x of v.standorte) {
      // A circle is the reach only for the Luftlinie; on the network the catchment shows it.
      if (!messung(s).netz) L.circle([x.lat, x.lon], { radius: v.schwelle_m, color: "#6a3d9a", weight: 2, dashArray: "5 4", fillOpacity: 0.08, interactive: false }).addTo(ebene);
      L.marker([x.lat, x.lon], {
        icon: L.divIcon({ className: "", html: `<div class="marker-standort">${x.rang}</div>`, iconSize: [24, 24], iconAnchor: [12, 12] }),
        title: `Vorschlag ${x.rang}: ${x.kommune || "außerhalb"}, +${zahl(x.neu_versorgt)} Personen`,
        keyboard: false,
        zIndexOffset: 1000,
      }).addTo(ebene);
    }
    const z = v.zielgruppe.bezeichnung;
    // 99.96 % is not "100,0 %" while someone is still beyond reach.
    const anteil = (a) => (a < 1 && a >= 0.9995 ? "über 99,9 %" : prozent(a));
    const liste = v.standorte
      .map((x) => `<li><strong>${html(x.kommune || "außerhalb des Kreises")}</strong>: +${zahl(x.neu_versorgt)} ${html(z)}${v.gewicht ? ` (gewichtet ${zahl(x.gewinn)})` : ""}; Kreis danach ${anteil(x.kreis.anteil)}</li>`)
      .join("");
    document.getElementById("st-liste").innerHTML = liste;
    document.getElementById("st-szenario").disabled = v.standorte.length === 0;
    const titel = `Standorte: ${v.kategorie.bezeichnung}`;
    const gewichtet = v.gewicht ? `<p class="hinweis">Die Reihenfolge folgt dem nach Bedarf gewichteten Zuwachs (${html(v.gewicht.name)}); Liste und Kurve zählen Personen, darum kann ein späterer Standort mehr Personen erreichen als ein früherer.</p>` : "";
    ctx.kennzahlen(`<h3>Vorgeschlagene Standorte</h3><p>Heute ${bisText(m, Number(schwelle))}: ${anteil(v.vorher.anteil)} (${zahl(v.vorher.versorgt)} Personen; Zielgruppe: ${html(z)}).</p>${gewichtet}<ol class="liste">${liste}</ol>${v.hinweis ? `<p class="hinweis">${html(v.hinweis)}</p>` : ""}<h3>Versorgungskurve</h3>${kurveSvg(v.kurve, v.standorte.length)}<p class="klein">Große Punkte: die vorgeschlagenen Standorte; kleine: jeweils der nächstbeste weitere. Der Zuwachs je Standort nimmt ab.</p>`);
    ctx.legende(`<h2>${html(titel)}</h2><p class="hinweis">Violette Zahlen: vorgeschlagene Standorte nach Rang; ${m.netz ? `versorgt heißt: höchstens ${st} ${html(v.entfernungsmass)} entfernt` : `gestrichelt: ihr Umkreis von ${st} (${html(v.entfernungsmass)})`}. Mögliche Standorte: ${html(v.kandidaten.beschreibung)}.${v.gewicht ? ` ${html(v.gewicht.regel)}.` : ""}</p>`, v.kategorie.beispiel);
    ctx.tabelle.zeigen(`${titel} (${v.standorte.length} von ${s.anzahl})`, [
      { id: "rang", titel: "Rang", zahl: true, text: (x) => String(x.rang), wert: (x) => x.rang },
      { id: "kommune", titel: "Kommune", text: (x) => x.kommune || "außerhalb" },
      { id: "neu", titel: `neu versorgt (${z})`, zahl: true, text: (x) => zahl(x.neu_versorgt), wert: (x) => x.neu_versorgt },
      ...(v.gewicht ? [{ id: "gewinn", titel: "gewichtet", zahl: true, text: (x) => zahl(x.gewinn), wert: (x) => x.gewinn }] : []),
      { id: "kreis", titel: "Kreis danach", zahl: true, text: (x) => anteil(x.kreis.anteil), wert: (x) => x.kreis.anteil },
      { id: "kommune_anteil", titel: "Kommune danach", zahl: true, text: (x) => (x.kommune_versorgung.anteil === null ? "nicht ausgewiesen" : anteil(x.kommune_versorgung.anteil)), wert: (x) => x.kommune_versorgung.anteil },
      { id: "lage", titel: "Länge, Breite", text: (x) => `${zahl(x.lon, 5)}, ${zahl(x.lat, 5)}` },
    ], v.standorte.map((x) => ({ ...x, id: `standort-${x.rang}` })));
    ctx.quelle(`${v.verfahren} ${ctx.konfiguration.quelle_bevoelkerung}.`);
    return { titel, beispiel: v.kategorie.beispiel };
  },
};
