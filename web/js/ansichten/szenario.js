// What-if: place planned offers, switch existing ones off, and see coverage per Kommune change.
/* global L */

import { senden } from "../api.js";
import { html, meter, prozent, zahl } from "../format.js";
import { legendeHtml } from "../legende.js";
import * as zustand from "../zustand.js";
import { versorgungsKarte } from "./versorgung.js";

/** Planned offers from the URL: "lon,lat;lon,lat". */
export function geplante(s) {
  return (s.plan || "").split(";").filter(Boolean).map((t, i) => {
    const [lon, lat] = t.split(",").map(Number);
    return { lon, lat, name: `Geplant ${i + 1}` };
  }).filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat));
}

export function entfernte(s) {
  return (s.weg || "").split(",").filter(Boolean);
}

export const szenarioAnsicht = {
  id: "szenario",

  einrichten(ctx) {
    const setzen = document.getElementById("sz-setzen");
    setzen.addEventListener("click", () => {
      const an = setzen.getAttribute("aria-pressed") !== "true";
      setzen.setAttribute("aria-pressed", String(an));
      ctx.karte.klickModus = an;
      ctx.status(an ? "Jetzt in die Karte klicken, um das geplante Angebot zu setzen." : "");
    });
    document.getElementById("sz-zuruecksetzen").addEventListener("click", () => zustand.setzen({ plan: "", weg: "" }));
    for (const [id, k] of [["sz-kategorie", "kategorie"], ["sz-zielgruppe", "zielgruppe"], ["sz-schwelle", "schwelle"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value, ...(k === "kategorie" ? { plan: "", weg: "" } : {}) }));
    }
    document.getElementById("sz-liste").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-plan]");
      if (b) {
        const p = geplante(zustand.laden()).filter((_, i) => i !== Number(b.dataset.plan));
        zustand.setzen({ plan: p.map((x) => `${x.lon},${x.lat}`).join(";") });
      }
      const w = e.target.closest("button[data-weg]");
      if (w) zustand.setzen({ weg: entfernte(zustand.laden()).filter((x) => x !== w.dataset.weg).join(",") });
    });
  },

  klick(latlng, ctx) {
    const setzen = document.getElementById("sz-setzen");
    if (setzen.getAttribute("aria-pressed") !== "true") return;
    setzen.setAttribute("aria-pressed", "false");
    ctx.karte.klickModus = false;
    ctx.status("");
    const s = zustand.laden();
    const p = geplante(s);
    p.push({ lon: Number(latlng.lng.toFixed(5)), lat: Number(latlng.lat.toFixed(5)) });
    zustand.setzen({ plan: p.map((x) => `${x.lon},${x.lat}`).join(";") });
  },

  async zeigen(ctx, s) {
    const schwelle = ["1000", "2000", "5000"].includes(s.schwelle) ? s.schwelle : "2000";
    for (const [id, v] of [["sz-kategorie", s.kategorie], ["sz-zielgruppe", s.zielgruppe], ["sz-schwelle", schwelle]]) document.getElementById(id).value = v;
    ctx.karte.klickModus = document.getElementById("sz-setzen").getAttribute("aria-pressed") === "true";
    ctx.angeboteSicherstellen(s.kategorie);
    const plan = geplante(s);
    const weg = entfernte(s);
    const [antwort, vorlage] = await Promise.all([
      senden("api/szenario", { kategorie: s.kategorie, zielgruppe: s.zielgruppe, schwellen: [Number(schwelle)], hinzufuegen: plan, entfernen: weg, ebene: "kommune" }),
      versorgungsKarte({ ...s, ebene: "kommune", umweg: "1" }, schwelle),
    ]);
    ctx.karte.ebenen.szenario.clearLayers();
    plan.forEach((p, i) => {
      L.marker([p.lat, p.lon], {
        icon: L.divIcon({ className: "", html: `<div class="marker-szenario" style="width:34px;height:22px">S${i + 1}</div>`, iconSize: [34, 22], iconAnchor: [17, 11] }),
        title: `Szenario: geplantes Angebot ${i + 1}`,
      }).bindTooltip(`Szenario: geplantes Angebot ${i + 1}`).addTo(ctx.karte.ebenen.szenario);
    });
    ctx.angebotsMarkierung(weg);
    const feld = `anteil_${schwelle}`;
    const klassen = vorlage.legende.klassen;
    const farbe = (anteil) => {
      const wert = anteil * 100;
      return (klassen.find((k) => wert <= k.bis + 1e-9) || klassen[klassen.length - 1]).farbe;
    };
    const nach = Object.fromEntries(antwort.einheiten.map((e) => [e.id, e]));
    const geo = { type: "FeatureCollection", features: vorlage.features.map((f) => {
      const e = nach[f.properties.id];
      return { ...f, properties: { ...f.properties, szenario: e } };
    }) };
    ctx.karte.einheiten(geo, (f) => {
      const e = f.properties.szenario;
      const a = e?.nachher?.[feld];
      return { farbe: a === null || a === undefined ? "#d9d9d9" : farbe(a), status: e?.status, text: a === null || a === undefined ? null : `nachher ${prozent(a)} (vorher ${prozent(e.vorher[feld])})` };
    });
    const titel = `Szenario: ${antwort.kategorie.bezeichnung} – ${antwort.zielgruppe.bezeichnung} im Umkreis von ${meter(Number(schwelle))}`;
    ctx.legende(legendeHtml(vorlage.legende, { titel, zusatz: `Farbe: Anteil <strong>nach</strong> dem Szenario. S1, S2 …: geplante Angebote; blasse Symbole: im Szenario geschlossen.` }), antwort.kategorie.beispiel);
    const liste = [
      ...plan.map((p, i) => `<li>S${i + 1}: geplantes Angebot bei ${zahl(p.lon, 4)} / ${zahl(p.lat, 4)}${antwort.szenario.hinzugefuegt[i]?.kommune ? ` (${html(antwort.szenario.hinzugefuegt[i].kommune)})` : " (außerhalb des Kreises)"} <button type="button" class="leise" data-plan="${i}">entfernen</button></li>`),
      ...antwort.szenario.entfernt.map((x) => `<li>geschlossen: ${html(x.name)} <button type="button" class="leise" data-weg="${html(x.id)}">wieder öffnen</button></li>`),
    ];
    document.getElementById("sz-liste").innerHTML = liste.length ? liste.join("") : "<li>noch keine Änderung</li>";
    const k = antwort.kreis[0];
    ctx.kennzahlen(`<p><strong>${html(k.name)}</strong>: ${prozent(k.vorher[feld])} → ${prozent(k.nachher[feld])} (${k.differenz[feld] >= 0 ? "+" : ""}${zahl(k.differenz[feld] * 100, 1)} Prozentpunkte)</p>`);
    ctx.quelle(`Szenario (nicht Bestand). ${antwort.entfernungsmass}.`);
    const w = (r, teil) => (r.ausgewiesen ? r[teil][feld] : null);
    ctx.tabelle.zeigen(titel, [
      { id: "name", titel: "Kommune", text: (r) => r.name },
      { id: "vorher", titel: "vorher", zahl: true, text: (r) => (w(r, "vorher") === null ? "nicht ausgewiesen" : prozent(w(r, "vorher"))), wert: (r) => w(r, "vorher") },
      { id: "nachher", titel: "nachher", zahl: true, text: (r) => (w(r, "nachher") === null ? "nicht ausgewiesen" : prozent(w(r, "nachher"))), wert: (r) => w(r, "nachher") },
      { id: "differenz", titel: "Änderung (Prozentpunkte)", zahl: true, text: (r) => (w(r, "differenz") === null ? "–" : `${r.differenz[feld] > 0 ? "+" : ""}${zahl(r.differenz[feld] * 100, 1)}`), wert: (r) => w(r, "differenz") },
      { id: "personen", titel: "Personen zusätzlich versorgt", zahl: true, text: (r) => (r.ausgewiesen ? zahl(r.differenz[`versorgt_${schwelle}`], 0) : "–"), wert: (r) => (r.ausgewiesen ? r.differenz[`versorgt_${schwelle}`] : null) },
    ], antwort.einheiten, antwort.kreis);
    return { titel: `${titel} (Szenario)`, beispiel: antwort.kategorie.beispiel };
  },
};
