// Need × supply: the bivariate map with its 3 × 3 legend and the priority list.

import { holen } from "../api.js";
import { streuung } from "../diagramme.js";
import { html, leer, prozent, zahl } from "../format.js";
import { bivariatHtml, kartenDateien } from "../legende.js";
import * as zustand from "../zustand.js";
import { messung, schwelleSetzen, schwellenParameter, schwellenText, schwellenWahl } from "./versorgung.js";

const STUFE = ["", "gering", "mittel", "hoch"];
const VERSORGUNG = ["", "gering", "mittel", "gut"];

export const bedarfAnsicht = {
  id: "bedarf",

  einrichten(ctx) {
    this.bedarfe = ctx.katalog.indikatoren.filter((i) => i.polaritaet === "bedarf");
    document.getElementById("bed-indikator").innerHTML =
      this.bedarfe
        .map((i) => `<option value="${i.id}">${html(i.name)}${i.beispiel ? " (Beispiel)" : ""}</option>`)
        .join("") || '<option value="" disabled selected>– keiner im Datensatz –</option>';
    for (const [id, k] of [["bed-indikator", "bedarf"], ["bed-kategorie", "kategorie"], ["bed-zielgruppe", "zielgruppe"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }));
    }
    document.getElementById("bed-schwelle").addEventListener("change", (e) => zustand.setzen(schwelleSetzen(e.target.value)));
  },

  async zeigen(ctx, s) {
    const m = messung(s);
    const schwelle = schwellenWahl(ctx, s, document.getElementById("bed-schwelle"));
    const st = schwellenText(m, Number(schwelle));
    // A data set without the remembered need indicator (another Kreis, the test area) takes its
    // first one; one without any cannot draw this map and says so.
    const bedarfe = this.bedarfe.map((i) => i.id);
    for (const [id, v] of [["bed-kategorie", s.kategorie], ["bed-zielgruppe", s.zielgruppe]]) document.getElementById(id).value = v;
    if (!bedarfe.length) {
      ctx.angeboteSicherstellen(s.kategorie);
      ctx.karte.einheiten({ type: "FeatureCollection", features: [] }, () => ({}));
      throw new Error("Dieser Datensatz hat keinen Bedarfsindikator (Polarität „bedarf“ in indikatoren.csv); ohne ihn gibt es keine Karte Bedarf × Versorgung");
    }
    const indikator = bedarfe.includes(s.bedarf) ? s.bedarf : bedarfe[0];
    document.getElementById("bed-indikator").value = indikator;
    const v = await holen("api/bedarf-angebot", { indikator, kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...schwellenParameter(m, schwelle), mass: m.mass, schema: s.schema });
    ctx.angeboteSicherstellen(s.kategorie);
    // Without a class (no value, or hidden) a Kommune is hatched: a plain grey would read like
    // the light "all good" cell.
    ctx.karte.einheiten(v, (f) => ({ farbe: f.properties.farbe, status: f.properties.status, text: f.properties.bezeichnung, schraffur: f.properties.klasse === null }));
    const titel = `Bedarf (${v.indikator.name}, ${v.indikator.jahr}) × Versorgung (${v.kategorie.bezeichnung}, ${st})`;
    const ohne = v.features.filter((f) => f.properties.klasse === null).length;
    const ohneZeile = ohne ? `<ul><li><span class="farbfeld schraffur" aria-hidden="true"></span><span>keine Einstufung: Wert fehlt oder nicht ausgewiesen (${ohne})</span></li></ul>` : "";
    ctx.legende(bivariatHtml(v.legende, titel) + ohneZeile + `<p class="hinweis erklaerung">${html(v.methode)}</p>`, v.indikator.beispiel || v.kategorie.beispiel);
    document.getElementById("bed-liste").innerHTML = v.prioritaeten.length
      ? v.prioritaeten.map((p) => `<li><button type="button" class="leise" data-ags="${p.ags}">${html(p.name)}</button> – Bedarf ${STUFE[p.bedarf]}, Versorgung ${VERSORGUNG[p.versorgung]} (${prozent(p.anteil)})</li>`).join("")
      : "<li>keine Kommune mit höherem Bedarf als Versorgung</li>";
    for (const b of document.querySelectorAll("#bed-liste button[data-ags]")) b.addEventListener("click", () => ctx.profil(b.dataset.ags));
    ctx.kennzahlen(`<p class="klein">${html(v.entfernungsmass)}</p><p class="klein">Quelle Bedarf: ${html(v.indikator.quelle)}</p>`);
    ctx.quelle(`Bedarf: ${v.indikator.quelle}. Versorgung: ${v.entfernungsmass}.`);
    const zeilen = v.features.map((f) => f.properties);
    ctx.tabelle.zeigen(titel, [
      { id: "name", titel: "Kommune", text: (r) => r.name },
      { id: "wert", titel: `${v.indikator.name} (${v.indikator.einheit})`, zahl: true, text: (r) => (r.wert === null ? leer(r.status) : zahl(r.wert, 2)), wert: (r) => r.wert },
      { id: "bedarf", titel: "Bedarfsstufe", text: (r) => (r.bedarf ? STUFE[r.bedarf] : "–"), wert: (r) => r.bedarf },
      { id: "anteil", titel: `Versorgt bis ${st}`, zahl: true, text: (r) => prozent(r.anteil), wert: (r) => r.anteil },
      { id: "versorgung", titel: "Versorgungsstufe", text: (r) => (r.versorgung ? VERSORGUNG[r.versorgung] : "–"), wert: (r) => r.versorgung },
      { id: "klasse", titel: "Einstufung", text: (r) => r.bezeichnung },
      { id: "rang", titel: "Vorrang", zahl: true, text: (r) => (r.rang ? String(r.rang) : "–"), wert: (r) => r.rang },
    ], zeilen);
    const punkte = zeilen.map((r) => ({
      id: r.id, name: r.name, x: r.wert, y: r.anteil, farbe: r.farbe, status: r.status,
      xText: r.wert === null ? leer(r.status) : `${zahl(r.wert, 2)} ${v.indikator.einheit}`, yText: r.anteil === null ? leer(r.status) : prozent(r.anteil),
    }));
    const ohneWert = punkte.filter((p) => p.x === null || p.y === null);
    const xTitel = `Bedarf: ${v.indikator.name} (${v.indikator.einheit})`;
    const yTitel = `Versorgt bis ${st}`;
    ctx.grafiken(`<figure class="grafik" id="grafik-streuung"><figcaption><strong>Bedarf × Versorgung</strong>${v.indikator.beispiel || v.kategorie.beispiel ? ' <span class="beispiel-badge klein">Beispieldaten</span>' : ""}<br>
      <span class="klein">${html(xTitel)} gegen den versorgten Anteil der Zielgruppe (${html(v.zielgruppe.bezeichnung)}: ${html(v.kategorie.bezeichnung)} bis ${html(st)}); Farbe wie in der Karte, gestrichelt die Grenzen der Versorgungsstufen</span></figcaption>
      ${streuung({ punkte, titel: titel, xTitel, yTitel, grenzen: v.versorgung_grenzen })}
      ${ohneWert.length ? `<p class="klein nicht-im-diagramm">Nicht im Diagramm: ${ohneWert.map((p) => `${html(p.name)}: ${html(p.x === null ? p.xText : p.yText)}`).join("; ")}</p>` : ""}</figure>`);
    const q = new URLSearchParams({ indikator, kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...schwellenParameter(m, schwelle), mass: m.mass });
    if (s.schema) q.set("schema", s.schema);
    const dateien = kartenDateien("bedarf-angebot", q, s);
    return { titel, beispiel: v.indikator.beispiel || v.kategorie.beispiel, dateien };
  },
};
