// Coverage: Kommunen coloured by the share of a target group within a distance of the nearest
// offer; rings around the offers; figures per Kommune or region and for the Kreis.

import { holen } from "../api.js";
import { differenzZeigen } from "../differenz.js";
import { einzugsbereichHtml, einzugsbereichLeeren, einzugsbereichZeigen } from "../einzugsbereich.js";
import { html, meter, prozent, zahl } from "../format.js";
import { kartenDateien, legendeHtml } from "../legende.js";
import * as zustand from "../zustand.js";

export const KLASSEN = "20,40,60,80";

/** The distance question of the page's state: measure, detour factor and whether minutes. */
export function messung(s) {
  const netz = Boolean(s.mass) && s.mass !== "luftlinie";
  return { netz, mass: netz ? s.mass : "luftlinie", umwegfaktor: netz ? "1" : s.umweg, minuten: netz && s.einheit === "min" };
}

/** "Within" a threshold in words: a circle only for Luftlinie, on the network a way. */
export function bisText(m, wert) {
  const st = schwellenText(m, wert);
  if (!m.netz) return `im Umkreis von ${st}`;
  return m.minuten ? `mit einem Angebot in ${st}` : `mit einem Angebot in höchstens ${st} Weg`;
}

/**
 * Fills a threshold select in the unit of `s` (the data set's metres, or on the network in
 * minutes the catchment minutes) and returns the chosen value as text.
 */
export function schwellenWahl(ctx, s, auswahl) {
  const m = messung(s);
  const meterListe = [...new Set([...ctx.konfiguration.schwellen_m, ctx.konfiguration.schwelle_m])].sort((a, b) => a - b);
  const werte = m.minuten ? ctx.konfiguration.minuten : meterListe;
  const gewaehlt = m.minuten ? s.minuten : s.schwelle;
  const standard = m.minuten ? (ctx.konfiguration.minuten[1] ?? werte[0]) : ctx.konfiguration.schwelle_m;
  const schwelle = werte.map(String).includes(gewaehlt) ? gewaehlt : String(standard);
  auswahl.innerHTML = werte.map((x) => `<option value="${x}">${html(schwellenText(m, x))}</option>`).join("");
  auswahl.value = schwelle;
  return schwelle;
}

/** The state change for a threshold picked in such a select (minutes stay minutes). */
export function schwelleSetzen(wert) {
  return messung(zustand.laden()).minuten ? { minuten: wert } : { schwelle: wert };
}

/** The threshold as request parameter in its unit. */
export function schwellenParameter(m, schwelle) {
  return m.minuten ? { minuten: schwelle } : { schwelle };
}

/** A threshold in the unit of the question: "2,0 km" or "10 min". */
export function schwellenText(m, wert) {
  return m.minuten ? `${zahl(wert, 0)} min` : meter(wert);
}

export function versorgungsKarte(s, schwelle) {
  const m = messung(s);
  return holen("api/indikatoren/abdeckung", {
    kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...(m.minuten ? { minuten: schwelle } : { schwelle }),
    mass: m.mass, umwegfaktor: m.umwegfaktor, ebene: s.ebene, schema: s.schema,
    methode: "manuell", grenzen: KLASSEN, palette: "blues",
  });
}

const ZIELE = { m: { min: 250, max: 10000, step: 250 }, min: { min: 1, max: 60, step: 1 } };

/** Draws the catchment of a place or an offer and lists its figures in the panel. */
export async function einzugZeigen(ctx, ort, mass, zielgruppe) {
  const feld = document.getElementById("vers-einzug");
  try {
    const v = await einzugsbereichZeigen(ctx.karte, ort, mass, zielgruppe);
    feld.innerHTML = einzugsbereichHtml(v);
  } catch (e) {
    feld.innerHTML = `<p class="eingabefehler" role="alert">${html(e.message)}</p>`;
  }
}

export const versorgungAnsicht = {
  id: "versorgung",

  einrichten(ctx) {
    const regler = document.getElementById("vers-schwelle");
    const inMinuten = () => messung(zustand.laden()).minuten;
    regler.addEventListener("input", () => {
      document.getElementById("vers-schwelle-text").textContent = schwellenText(messung(zustand.laden()), Number(regler.value));
    });
    regler.addEventListener("change", () => zustand.setzen(inMinuten() ? { minuten: regler.value } : { schwelle: regler.value }));
    document.getElementById("vers-baender").addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (b) zustand.setzen(inMinuten() ? { minuten: b.dataset.schwelle } : { schwelle: b.dataset.schwelle });
    });
    for (const [id, k] of [["vers-kategorie", "kategorie"], ["vers-zielgruppe", "zielgruppe"], ["vers-ebene", "ebene"], ["vers-einheit", "einheit"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }));
    }
    // One list for both: the detour factors of the Luftlinie, and the profiles of the network.
    document.getElementById("vers-umweg").addEventListener("change", (e) => {
      const v = e.target.value;
      zustand.setzen(/^[0-9.]+$/.test(v) ? { mass: "luftlinie", umweg: v, einheit: "m" } : { mass: v, umweg: "1" });
    });
    document.getElementById("vers-einzug").addEventListener("click", (e) => {
      if (!e.target.closest(".einzug-weg")) return;
      einzugsbereichLeeren(ctx.karte);
      document.getElementById("vers-einzug").innerHTML = "";
    });
    document.getElementById("vers-ringe").addEventListener("change", (e) => zustand.setzen({ ringe: e.target.checked ? "1" : "0" }));
    document.getElementById("vers-vergleich").addEventListener("change", (e) => zustand.setzen({ vergleich: e.target.checked ? "1" : "" }));
  },

  /** On the network a click shows the catchment area of the place. */
  async klick(latlng, ctx) {
    const s = zustand.laden();
    const m = messung(s);
    if (!m.netz) return;
    await einzugZeigen(ctx, { lon: latlng.lng.toFixed(5), lat: latlng.lat.toFixed(5) }, m.mass, s.zielgruppe);
  },

  async zeigen(ctx, s) {
    const m = messung(s);
    const netzDa = ctx.konfiguration.masse.length > 1;
    const masse = ctx.konfiguration.masse.map((x) => x.id);
    if (m.netz && !masse.includes(m.mass)) throw new Error("Für diesen Datensatz ist kein Wege- und Straßennetz geladen; die Entfernung ist Luftlinie");
    const schwelle = m.minuten ? Number(s.minuten) || 10 : Number(s.schwelle) || ctx.konfiguration.schwelle_m;
    const regler = document.getElementById("vers-schwelle");
    Object.assign(regler, ZIELE[m.minuten ? "min" : "m"]);
    regler.value = schwelle;
    document.getElementById("vers-schwelle-text").textContent = schwellenText(m, schwelle);
    const baender = m.minuten ? ctx.konfiguration.minuten : ctx.konfiguration.schwellen_m;
    document.getElementById("vers-baender").innerHTML = baender.map((x) => `<button type="button" data-schwelle="${x}">${html(schwellenText(m, x))}</button>`).join("");
    for (const [id, k] of [["vers-kategorie", "kategorie"], ["vers-zielgruppe", "zielgruppe"], ["vers-ebene", "ebene"]]) {
      document.getElementById(id).value = s[k];
    }
    document.getElementById("vers-umweg").value = m.netz ? m.mass : s.umweg;
    document.getElementById("vers-einheit").value = m.minuten ? "min" : "m";
    document.getElementById("vers-netz").hidden = !m.netz;
    document.getElementById("vers-einzug-minuten").textContent = ctx.konfiguration.minuten.map((x) => zahl(x, 0)).join(", ").replace(/, ([^,]*)$/, " und $1");
    document.getElementById("vers-ringe-feld").hidden = m.netz;
    if (!m.netz || !netzDa) {
      einzugsbereichLeeren(ctx.karte);
      document.getElementById("vers-einzug").innerHTML = "";
    }
    // On the network a click on the map asks for the catchment of the place, and the map
    // credits the network's source.
    ctx.karte.klickModus = m.netz;
    document.getElementById("karte").style.cursor = m.netz ? "crosshair" : "";
    document.getElementById("vers-ringe").checked = s.ringe === "1";
    for (const b of document.querySelectorAll(".baender button")) b.setAttribute("aria-pressed", String(Number(b.dataset.schwelle) === schwelle));
    const ebene = s.ebene === "region" ? "region" : "kommune";
    const frage = { kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...(m.minuten ? { minuten: schwelle } : { schwellen: schwelle }), mass: m.mass, umwegfaktor: m.umwegfaktor, schema: s.schema };
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
    ctx.karte.ringe(s.kategorie, schwelle / Number(s.umweg || 1), s.ringe === "1" && !m.netz);
    const zg = zahlen.zielgruppe.bezeichnung;
    const kat = zahlen.kategorie;
    const nach = m.minuten ? "min" : "";
    const feld = `anteil_${schwelle}${nach}`;
    const st = schwellenText(m, schwelle);
    const name = ctx.konfiguration.masse.find((x) => x.id === m.mass)?.bezeichnung ?? m.mass;
    const wie = m.netz ? ` (${name.charAt(0).toLowerCase()}${name.slice(1)})` : "";
    const tag = s.stand ? s.stand.split("-").reverse().join(".") : "";
    const umkreis = bisText(m, schwelle);
    let titel = `Versorgung: ${kat.bezeichnung} – ${zg} ${umkreis}${wie}${tag ? ` am ${tag}` : ""}`;
    if (vergleich) {
      // The change from the chosen day to today, per unit (both values published, or grey).
      const anteil = (antwort) => Object.fromEntries(antwort.einheiten.map((e) => [e.id, e.ausgewiesen ? e[feld] : null]));
      const damals = anteil(zahlen);
      const jetzt = anteil(heute);
      const status = Object.fromEntries(zahlen.einheiten.map((e) => [e.id, e.ausgewiesen && heute.einheiten.find((x) => x.id === e.id)?.ausgewiesen ? "ausgewiesen" : "nicht_ausgewiesen"]));
      titel = `Versorgung: ${kat.bezeichnung} – Änderung vom ${tag} bis heute`;
      differenzZeigen(ctx, karte, (f) => ({ vorher: damals[f.properties.id] ?? null, nachher: jetzt[f.properties.id] ?? null, status: status[f.properties.id] }), {
        titel, beispiel: kat.beispiel, vorherText: `am ${tag}`, nachherText: "heute",
        hinweis: `Änderung des Anteils ${bisText(m, schwelle)} (${html(zg)}) zwischen dem ${tag} und heute, in Prozentpunkten. Die Karte zeigt die Angebote des ${tag}. Entfernung: ${html(zahlen.entfernungsmass)}.`,
      });
      for (const e of zahlen.einheiten) e.heute = jetzt[e.id];
      for (const e of zahlen.kreis) e.heute = heute.kreis.find((x) => x.id === e.id)?.[feld] ?? null;
    } else {
      ctx.karte.einheiten(karte, (f) => ({ farbe: f.properties.farbe, status: f.properties.status, text: f.properties.wert === null ? null : `${zahl(f.properties.wert, 1)} % ${umkreis}` }));
      ctx.legende(legendeHtml(karte.legende, { titel, zusatz: `Entfernung: ${html(zahlen.entfernungsmass)}. ${s.ringe === "1" && !m.netz ? "Kreise: Umkreis um jedes Angebot." : ""}${m.netz ? " Flächen in Orange: Einzugsbereich (5, 10, 15 Minuten)." : ""}` }), kat.beispiel);
    }
    const zeile = (k) => `<tr><th scope="row">${html(k.name)}</th><td class="zahl">${k[feld] === null ? "nicht ausgewiesen" : prozent(k[feld])}</td></tr>`;
    const kreis = [...regionen.einheiten.filter((e) => e.art === "region"), ...zahlen.kreis].map(zeile).join("");
    ctx.kennzahlen(`<table><caption class="klein">${html(zg)} ${umkreis}${html(wie)}</caption><tbody>${kreis}</tbody></table><p class="klein">${html(zahlen.bevoelkerungsbasis)}</p>`);
    ctx.quelle(`${ctx.konfiguration.quelle_bevoelkerung}. Angebote: ${kat.beispiel ? "Beispieldaten" : "siehe Datenquellen"}. ${zahlen.entfernungsmass}.${zahlen.netz ? ` ${zahlen.netz.quelle}.` : ""}`);
    const wert = (r, k) => (r.ausgewiesen ? r[k] : null);
    const spalten = [
      { id: "name", titel: "Gebiet", text: (r) => r.name },
      { id: "gewicht", titel: zg, zahl: true, text: (r) => (wert(r, "gewicht") === null ? "nicht ausgewiesen" : zahl(r.gewicht, 0)), wert: (r) => wert(r, "gewicht") },
      { id: "anteil", titel: `Anteil bis ${st}`, zahl: true, text: (r) => (wert(r, feld) === null ? "nicht ausgewiesen" : prozent(r[feld])), wert: (r) => wert(r, feld) },
      { id: "versorgt", titel: "versorgt", zahl: true, text: (r) => (wert(r, `versorgt_${schwelle}${nach}`) === null ? "–" : zahl(r[`versorgt_${schwelle}${nach}`], 0)), wert: (r) => wert(r, `versorgt_${schwelle}${nach}`) },
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
    const q = new URLSearchParams({ kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...(m.minuten ? { minuten: schwelle } : { schwelle }), mass: m.mass, umwegfaktor: m.umwegfaktor, ebene, methode: "manuell", grenzen: KLASSEN, palette: "blues" });
    const exportMass = m.netz ? `&mass=${m.mass}` : "";
    const dateien = [
      ...kartenDateien("abdeckung", q, s),
      { text: `Daten der Kommunen als GeoPackage (1, 2, 5 km${wie})`, href: `api/export/abdeckung-${s.kategorie}.gpkg?zielgruppe=${s.zielgruppe}${exportMass}` },
      { text: `Daten der Kommunen als CSV (1, 2, 5 km${wie})`, href: `api/export/abdeckung-${s.kategorie}.csv?zielgruppe=${s.zielgruppe}${exportMass}` },
    ];
    return { titel, beispiel: kat.beispiel, dateien };
  },
};
