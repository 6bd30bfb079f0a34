// Indicator choropleths per Kommune or region.

import { holen } from "../api.js";
import { rangfolge, zeitreihe } from "../diagramme.js";
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
      { id: "index", titel: "Index (Kreis = 100)", zahl: true, text: (r) => (r.index_kreis === null ? "–" : zahl(r.index_kreis, 1)), wert: (r) => r.index_kreis },
      { id: "klasse", titel: "Klasse", zahl: true, text: (r) => (r.klasse === null ? "–" : String(r.klasse + 1)), wert: (r) => r.klasse },
      { id: "hinweis", titel: "Hinweis", text: (r) => [r.naeherung ? "Näherung" : "", r.eigenes_jugendamt ? "eigenes Jugendamt" : "", r.status === "nicht_ausgewiesen" ? "Datenschutz" : ""].filter(Boolean).join(", ") },
    ], zeilen);
    grafikenZeigen(ctx, s, karte, zeilen, w, meta);
    const q = new URLSearchParams(Object.entries(parameter).filter(([, v]) => v !== "" && v !== undefined));
    const dateien = kartenDateien(s.indikator, q, s);
    dateien.push({ text: "Familienbericht des Kreises, statistischer Teil (PDF)", href: "api/berichte/kreis.pdf" });
    if (meta) {
      for (const [text, endung] of [["Daten der Kommunen als GeoPackage", "gpkg"], ["Daten der Kommunen als Shapefile (ZIP)", "shp.zip"], ["Daten der Kommunen als CSV", "csv"], ["Daten der Kommunen als CSV für QGIS (ZIP mit Feldtypen)", "csv.zip"]]) {
        dateien.push({ text, href: `api/export/indikator-${s.indikator}.${endung}?jahr=${jahr}` });
      }
    }
    return { titel: l.titel, beispiel: l.beispiel, dateien };
  },
};

const BLAU = "#1f4e9a";
const KREISGRAU = "#777777";
/** Profiles fetched for the time series, by Kommune, scheme and day. */
const profile = new Map();
/** The Kommune the time series shows (follows the highlighted one). */
let reiheAgs = null;

/** The ranking of the units and, for an indicator of the data set on the Kommune level, the
 * time series of one Kommune against the Kreis. */
function grafikenZeigen(ctx, s, karte, zeilen, werttext, meta) {
  const l = karte.legende;
  const ebene = s.ebene === "region" ? "Regionen" : "Kommunen";
  const referenz = l.kreiswert ? { name: l.kreiswert.name, wert: l.kreiswert.wert, text: l.kreiswert.wert === null ? "–" : zahl(l.kreiswert.wert, l.stellen) } : null;
  const beispiel = l.beispiel ? ' <span class="beispiel-badge klein">Beispieldaten</span>' : "";
  const rang = rangfolge({
    zeilen: zeilen.map((r) => ({ id: r.id, name: r.name, wert: r.wert, text: r.wert === null ? leer(r.status) : werttext(r), status: r.status })),
    referenz,
    einheit: karte.indikator.einheit,
    titel: `Rangfolge der ${ebene}: ${l.titel}`,
  });
  const teile = [`<figure class="grafik" id="grafik-rangfolge"><figcaption><strong>Rangfolge der ${ebene}</strong>${beispiel}<br><span class="klein">${html(l.titel)}, ${html(karte.indikator.einheit)}; rot gestrichelt: ${html(l.kreiswert?.bezeichnung ?? "Kreiswert")}</span></figcaption>${rang}</figure>`];
  const kommunen = zeilen.filter((r) => r.art === "kommune");
  const mitReihe = meta && meta.jahre.length > 1 && s.ebene !== "region" && kommunen.length > 0;
  if (mitReihe) {
    if (!kommunen.some((r) => r.id === reiheAgs)) reiheAgs = (kommunen.find((r) => r.wert !== null) ?? kommunen[0]).id;
    const wahl = kommunen.map((r) => `<option value="${html(r.id)}">${html(r.name)}</option>`).join("");
    teile.push(`<figure class="grafik" id="grafik-zeitreihe"><figcaption><strong>Zeitreihe</strong>${beispiel}<br><span class="klein">${html(karte.indikator.name)}, ${html(karte.indikator.einheit)}: Kommune (blau) gegen ${html(l.kreiswert?.name ?? "Kreis")} (grau gestrichelt); folgt der hervorgehobenen Kommune</span></figcaption>
      <label>Kommune <select id="reihe-kommune">${wahl}</select></label><div id="reihe-bild" aria-live="polite"></div></figure>`);
  }
  ctx.grafiken(teile.join(""));
  if (!mitReihe) return;
  const wahl = document.getElementById("reihe-kommune");
  wahl.value = reiheAgs;
  const zeichnen = async (ags) => {
    reiheAgs = ags;
    wahl.value = ags;
    const schluessel = `${ags}|${s.schema}|${s.stand}`;
    if (!profile.has(schluessel)) profile.set(schluessel, holen(`api/profil/${encodeURIComponent(ags)}`, { schema: s.schema }));
    let p;
    try {
      p = await profile.get(schluessel);
    } catch (e) {
      profile.delete(schluessel);
      document.getElementById("reihe-bild").textContent = e.message;
      return;
    }
    const bild = document.getElementById("reihe-bild");
    const ind = p.indikatoren.find((i) => i.id === s.indikator);
    if (!bild || reiheAgs !== ags || !ind) return;
    const kreis = l.kreiswert?.name ?? "Kreis";
    bild.innerHTML = zeitreihe({
      titel: `Zeitreihe ${p.kommune.name}: ${ind.name}`,
      einheit: ind.einheit,
      linien: [
        { id: ags, name: p.kommune.name, farbe: BLAU, stellen: l.stellen, punkte: ind.zeitreihe.map((r) => ({ jahr: r.jahr, wert: r.wert, status: r.status })) },
        { id: ind.zeitreihe.find((r) => r.kreis_id)?.kreis_id ?? "kreis", name: kreis, farbe: KREISGRAU, gestrichelt: true, stellen: l.stellen, punkte: ind.zeitreihe.map((r) => ({ jahr: r.jahr, wert: r.kreiswert, status: r.kreiswert === null ? "keine_angabe" : "ausgewiesen" })) },
      ],
    }) || '<p class="klein">Für diese Kommune gibt es keine Zeitreihe.</p>';
  };
  wahl.addEventListener("change", () => zeichnen(wahl.value));
  zeichnen(reiheAgs);
  // The series follows the Kommune highlighted in the map, the ranking or the table.
  folgen = (id) => {
    if (id && id !== reiheAgs && kommunen.some((r) => r.id === id) && document.getElementById("reihe-bild")) zeichnen(id);
  };
}

let folgen = () => {};
document.addEventListener("sozialraum:hervorheben", (e) => folgen(e.detail));
