// Indicator choropleths per Kommune or region.

import { holen } from "../api.js";
import { grenzenLesen, html, leer, zahl } from "../format.js";
import { kartenDateien, legendeHtml } from "../legende.js";
import * as zustand from "../zustand.js";

export const indikatorAnsicht = {
  id: "indikator",

  einrichten(ctx) {
    const sel = document.getElementById("ind-id");
    const gruppe = (titel, eintraege) => `<optgroup label="${html(titel)}">${eintraege.join("")}</optgroup>`;
    sel.innerHTML =
      gruppe("Indikatoren", ctx.katalog.indikatoren.map((i) => `<option value="${i.id}">${html(i.name)}${i.beispiel ? " (Beispiel)" : ""}</option>`)) +
      gruppe("Aus dem Atlas berechnet", ctx.katalog.abgeleitet.map((i) => `<option value="${i.id}">${html(i.name)}</option>`));
    document.getElementById("ind-palette").innerHTML =
      '<option value="">Standard (nach Polarität)</option>' +
      ctx.katalog.paletten.map((p) => `<option value="${p.id}">${html(p.bezeichnung)}${p.farbenblind_geeignet ? "" : " – Vorsicht"}</option>`).join("");
    const felder = { "ind-id": "indikator", "ind-jahr": "jahr", "ind-ebene": "ebene", "ind-schema": "schema", "ind-methode": "methode", "ind-klassen": "klassen", "ind-palette": "palette", "ind-kategorie": "kategorie", "ind-zielgruppe": "zielgruppe" };
    for (const [id, schluessel] of Object.entries(felder)) {
      document.getElementById(id).addEventListener("change", (e) => {
        const a = { [schluessel]: e.target.value };
        if (schluessel === "indikator") a.jahr = "";
        zustand.setzen(a);
      });
    }
    document.getElementById("ind-grenzen").addEventListener("change", (e) => {
      const g = grenzenLesen(e.target.value);
      if (g.fehler) {
        ctx.status(g.fehler, true);
        return;
      }
      document.getElementById("ind-grenzen-gelesen").textContent = `gelesen als: ${g.werte.map((x) => zahl(x, String(x).split(".")[1]?.length ?? 0)).join("; ")}`;
      zustand.setzen({ grenzen: g.werte.join(",") });
    });
  },

  async zeigen(ctx, s) {
    const meta = ctx.katalog.indikatoren.find((i) => i.id === s.indikator);
    const abgeleitet = ctx.katalog.abgeleitet.find((i) => i.id === s.indikator);
    if (!meta && !abgeleitet) {
      zustand.setzen({ indikator: ctx.katalog.indikatoren[0].id }, { melden: true });
      return;
    }
    document.getElementById("ind-id").value = s.indikator;
    // Only years with values for Kommunen: a map of Kommunen or regions for a year with a Kreis
    // value alone would be all grey.
    const jahre = meta ? meta.jahre_kommunen : abgeleitet.jahre;
    const jahrSel = document.getElementById("ind-jahr");
    jahrSel.innerHTML = [...jahre].reverse().map((j) => `<option value="${j}">${j}</option>`).join("");
    const jahr = jahre.includes(Number(s.jahr)) ? s.jahr : String(jahre[jahre.length - 1]);
    const jahrHinweis = s.jahr && s.jahr !== jahr
      ? `Für ${html(s.jahr)} gibt es keine Werte der Kommunen${meta && meta.jahre.includes(Number(s.jahr)) ? " (nur für den Kreis)" : ""}; gezeigt wird ${jahr}.`
      : "";
    jahrSel.value = jahr;
    for (const [id, k] of [["ind-ebene", "ebene"], ["ind-methode", "methode"], ["ind-klassen", "klassen"], ["ind-palette", "palette"], ["ind-schema", "schema"]]) {
      const el = document.getElementById(id);
      if (s[k] !== "") el.value = s[k];
    }
    document.getElementById("ind-grenzen-feld").hidden = s.methode !== "manuell";
    document.getElementById("ind-grenzen").value = s.grenzen.split(",").filter(Boolean).map((x) => x.replace(".", ",")).join("; ");
    // The fields of derived indicators show when the indicator takes them (the server says which).
    const mitKategorie = abgeleitet?.parameter.includes("kategorie");
    document.getElementById("abgeleitet-feld").hidden = !mitKategorie;
    document.getElementById("ind-beschreibung").textContent = meta ? meta.definition : abgeleitet.name;
    const parameter = {
      jahr, ebene: s.ebene, schema: s.schema, methode: s.methode, klassen: s.methode === "manuell" ? "" : s.klassen,
      grenzen: s.methode === "manuell" ? s.grenzen : "", palette: s.palette,
    };
    if (mitKategorie) Object.assign(parameter, { kategorie: s.kategorie, zielgruppe: s.zielgruppe });
    if (s.methode === "manuell" && !s.grenzen) {
      document.getElementById("ind-grenzen").focus();
      throw new Error("Für manuelle Klassen bitte Grenzen eingeben, z. B. 10; 15; 20 (Dezimalkomma, durch Semikolon getrennt).");
    }
    const karte = await holen(`api/indikatoren/${encodeURIComponent(s.indikator)}`, parameter);
    const l = karte.legende;
    ctx.karte.einheiten(karte, (f) => ({ farbe: f.properties.farbe, status: f.properties.status, text: f.properties.wert === null ? null : f.properties.wert_text }));
    ctx.legende(legendeHtml(l, { zusatz: jahrHinweis }), l.beispiel);
    const kreis = l.kreiswert ? `<p><strong>${html(l.kreiswert.bezeichnung)}</strong></p>` : "";
    ctx.kennzahlen(`${kreis}<p class="klein">${html(karte.indikator.definition)}</p><p class="klein">${html(karte.datenschutz.regel)}</p>`);
    ctx.quelle(`Quelle: ${l.quelle}. Stand: ${l.stand}.`);
    const zeilen = karte.features.map((f) => f.properties);
    // The value as the service wrote it (with the decimals that separate it from the class
    // limits), without the unit the column header names.
    const w = (r) => (r.wert === null ? leer(r.status) : r.wert_text.replace(` ${karte.indikator.einheit}`, ""));
    ctx.tabelle.zeigen(`${l.titel} – ${s.ebene === "region" ? "Regionen" : "Kommunen"}`, [
      { id: "name", titel: "Gebiet", text: (r) => r.name },
      { id: "wert", titel: `Wert (${karte.indikator.einheit})`, zahl: true, text: w, wert: (r) => r.wert },
      { id: "zaehler", titel: "Zähler", zahl: true, text: (r) => (r.zaehler === null ? "–" : zahl(r.zaehler, 0)), wert: (r) => r.zaehler },
      { id: "nenner", titel: "Nenner", zahl: true, text: (r) => (r.nenner === null ? "–" : zahl(r.nenner, 0)), wert: (r) => r.nenner },
      { id: "index", titel: "Index (Kreis = 100)", zahl: true, text: (r) => (r.index_kreis === null ? "–" : zahl(r.index_kreis, 0)), wert: (r) => r.index_kreis },
      { id: "klasse", titel: "Klasse", zahl: true, text: (r) => (r.klasse === null ? "–" : String(r.klasse + 1)), wert: (r) => r.klasse },
      { id: "hinweis", titel: "Hinweis", text: (r) => [r.naeherung ? "Näherung" : "", r.eigenes_jugendamt ? "eigenes Jugendamt" : "", r.status === "nicht_ausgewiesen" ? "Datenschutz" : ""].filter(Boolean).join(", ") },
    ], zeilen);
    const q = new URLSearchParams(Object.entries(parameter).filter(([, v]) => v !== "" && v !== undefined));
    const dateien = kartenDateien(s.indikator, q, s);
    if (meta) {
      for (const [text, endung] of [["Daten der Kommunen als GeoPackage", "gpkg"], ["Daten der Kommunen als Shapefile (ZIP)", "shp.zip"], ["Daten der Kommunen als CSV", "csv"], ["Daten der Kommunen als CSV für QGIS (ZIP mit Feldtypen)", "csv.zip"]]) {
        dateien.push({ text, href: `api/export/indikator-${s.indikator}.${endung}?jahr=${jahr}` });
      }
    }
    return { titel: l.titel, beispiel: l.beispiel, dateien };
  },
};
