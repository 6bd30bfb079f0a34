// What-if: place planned offers, switch existing ones off, and see coverage per Kommune change.
/* global L */

import { senden } from "../api.js";
import { html, prozent, zahl } from "../format.js";
import { differenzZeigen } from "../differenz.js";
import { kartenDateien, legendeHtml } from "../legende.js";
import * as zustand from "../zustand.js";
import { bisText, messung, schwelleSetzen, schwellenParameter, schwellenWahl, versorgungsKarte } from "./versorgung.js";

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
    // Planned places stay when the category changes (a place is a place); closures belong to
    // their category and stay noted for it.
    for (const [id, k] of [["sz-kategorie", "kategorie"], ["sz-zielgruppe", "zielgruppe"], ["sz-karte", "szkarte"]]) {
      document.getElementById(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }));
    }
    // In minutes (chosen in Versorgung, on the network) the threshold is kept as minutes.
    document.getElementById("sz-schwelle").addEventListener("change", (e) => zustand.setzen(schwelleSetzen(e.target.value)));
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
    const m = messung(s);
    const schwelle = schwellenWahl(ctx, s, document.getElementById("sz-schwelle"));
    const differenz = s.szkarte === "differenz";
    for (const [id, v] of [["sz-kategorie", s.kategorie], ["sz-zielgruppe", s.zielgruppe], ["sz-karte", differenz ? "differenz" : "nachher"]]) document.getElementById(id).value = v;
    ctx.karte.klickModus = document.getElementById("sz-setzen").getAttribute("aria-pressed") === "true";
    ctx.angeboteSicherstellen(s.kategorie);
    const plan = geplante(s);
    const alleWeg = entfernte(s);
    const weg = alleWeg.filter((id) => ctx.angebotKategorie[id] === s.kategorie);
    const wegAndere = alleWeg.filter((id) => ctx.angebotKategorie[id] !== s.kategorie);
    const [antwort, vorlage] = await Promise.all([
      senden("api/szenario", { kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...(m.minuten ? { minuten: [Number(schwelle)] } : { schwellen: [Number(schwelle)] }), mass: m.mass, hinzufuegen: plan, entfernen: weg, ebene: "kommune" }),
      versorgungsKarte({ ...s, ebene: "kommune", umweg: "1" }, Number(schwelle)),
    ]);
    ctx.karte.ebenen.szenario.clearLayers();
    plan.forEach((p, i) => {
      L.marker([p.lat, p.lon], {
        icon: L.divIcon({ className: "", html: `<div class="marker-szenario" style="width:34px;height:22px">S${i + 1}</div>`, iconSize: [34, 22], iconAnchor: [17, 11] }),
        title: `Szenario: geplantes Angebot ${i + 1}`,
        // Above the offers: a planned place next to an existing centre must stay visible.
        zIndexOffset: 1000,
      }).bindTooltip(`Szenario: geplantes Angebot ${i + 1}`).addTo(ctx.karte.ebenen.szenario);
    });
    ctx.angebotsMarkierung(weg);
    const nach = m.minuten ? "min" : "";
    const feld = `anteil_${schwelle}${nach}`;
    const klassen = vorlage.legende.klassen;
    const klasseVon = (anteil) => {
      const wert = anteil * 100;
      const i = klassen.findIndex((k) => wert <= k.bis + 1e-9);
      return i < 0 ? klassen.length - 1 : i;
    };
    const jeId = Object.fromEntries(antwort.einheiten.map((e) => [e.id, e]));
    const geo = { type: "FeatureCollection", features: vorlage.features.map((f) => {
      const e = jeId[f.properties.id];
      return { ...f, properties: { ...f.properties, szenario: e } };
    }) };
    const name = ctx.konfiguration.masse.find((x) => x.id === m.mass)?.bezeichnung ?? "";
    const wie = m.netz ? ` (${name.charAt(0).toLowerCase()}${name.slice(1)})` : "";
    const titel = `Szenario: ${antwort.kategorie.bezeichnung} – ${antwort.zielgruppe.bezeichnung} ${bisText(m, Number(schwelle))}${wie}`;
    const gesperrt = antwort.einheiten.filter((e) => e.status === "nicht_ausgewiesen").length;
    const zusatz = "S1, S2 …: geplante Angebote; blasse Symbole: im Szenario geschlossen.";
    if (differenz) {
      differenzZeigen(ctx, geo, (f) => {
        const e = f.properties.szenario;
        const sichtbar = e?.ausgewiesen;
        return { vorher: sichtbar ? e.vorher[feld] : null, nachher: sichtbar ? e.nachher[feld] : null, status: e?.status };
      }, { titel: `${titel}: Änderung`, hinweis: `Änderung des Anteils ${bisText(m, Number(schwelle))} durch das Szenario, in Prozentpunkten. ${zusatz}`, beispiel: antwort.kategorie.beispiel });
    } else {
      ctx.karte.einheiten(geo, (f) => {
        const e = f.properties.szenario;
        const a = e?.nachher?.[feld];
        return { farbe: a === null || a === undefined ? "#d9d9d9" : klassen[klasseVon(a)].farbe, status: e?.status, text: a === null || a === undefined ? null : `nachher ${prozent(a)} (vorher ${prozent(e.vorher[feld])})` };
      });
      // The legend counts the Kommunen by their class after the scenario.
      const nachher = antwort.einheiten.filter((e) => e.ausgewiesen && e.nachher[feld] !== null).map((e) => klasseVon(e.nachher[feld]));
      const kreisNachher = antwort.kreis[0];
      const legende = {
        ...vorlage.legende,
        klassen: klassen.map((k, i) => ({ ...k, anzahl: nachher.filter((x) => x === i).length })),
        datenschutz: { ...vorlage.legende.datenschutz, anzahl: gesperrt },
        kreiswert: kreisNachher ? { bezeichnung: `${kreisNachher.name}: ${prozent(kreisNachher.vorher[feld])} vorher, ${prozent(kreisNachher.nachher[feld])} nach dem Szenario` } : null,
      };
      ctx.legende(legendeHtml(legende, { titel, zusatz: `Farbe: Anteil <strong>nach</strong> dem Szenario. ${zusatz}` }), antwort.kategorie.beispiel);
    }
    const liste = [
      ...plan.map((p, i) => `<li>S${i + 1}: geplantes Angebot bei ${zahl(p.lon, 4)} / ${zahl(p.lat, 4)}${antwort.szenario.hinzugefuegt[i]?.kommune ? ` (${html(antwort.szenario.hinzugefuegt[i].kommune)})` : " (außerhalb des Kreises)"} <button type="button" class="leise" data-plan="${i}">entfernen</button></li>`),
      ...antwort.szenario.entfernt.map((x) => `<li>geschlossen: ${html(x.name)} <button type="button" class="leise" data-weg="${html(x.id)}">wieder öffnen</button></li>`),
      ...wegAndere.map((id) => `<li>vorgemerkt für ${html(ctx.kategorien.find((k) => k.id === ctx.angebotKategorie[id])?.bezeichnung ?? "eine andere Kategorie")}: ${html(ctx.angebotName[id] ?? id)} geschlossen <button type="button" class="leise" data-weg="${html(id)}">verwerfen</button></li>`),
    ];
    document.getElementById("sz-liste").innerHTML = liste.length ? liste.join("") : "<li>noch keine Änderung</li>";
    const k = antwort.kreis[0];
    const aenderungen = [
      ...plan.map((p, i) => `<li>S${i + 1}: geplant bei ${zahl(p.lon, 4)} / ${zahl(p.lat, 4)}${antwort.szenario.hinzugefuegt[i]?.kommune ? ` (${html(antwort.szenario.hinzugefuegt[i].kommune)})` : ""}</li>`),
      ...antwort.szenario.entfernt.map((x) => `<li>geschlossen: ${html(x.name)}</li>`),
    ];
    ctx.kennzahlen(`<p><strong>${html(k.name)}</strong>: ${prozent(k.vorher[feld])} → ${prozent(k.nachher[feld])} (${k.differenz[feld] >= 0 ? "+" : ""}${zahl(k.differenz[feld] * 100, 1)} Prozentpunkte)</p>${aenderungen.length ? `<ul class="liste">${aenderungen.join("")}</ul>` : ""}`);
    ctx.quelle(`Szenario (nicht Bestand). ${antwort.entfernungsmass}.`);
    const w = (r, teil) => (r.ausgewiesen ? r[teil][feld] : null);
    ctx.tabelle.zeigen(titel, [
      { id: "name", titel: "Kommune", text: (r) => r.name },
      { id: "vorher", titel: "vorher", zahl: true, text: (r) => (w(r, "vorher") === null ? "nicht ausgewiesen" : prozent(w(r, "vorher"))), wert: (r) => w(r, "vorher") },
      { id: "nachher", titel: "nachher", zahl: true, text: (r) => (w(r, "nachher") === null ? "nicht ausgewiesen" : prozent(w(r, "nachher"))), wert: (r) => w(r, "nachher") },
      { id: "differenz", titel: "Änderung (Prozentpunkte)", zahl: true, text: (r) => (w(r, "differenz") === null ? "–" : `${r.differenz[feld] > 0 ? "+" : ""}${zahl(r.differenz[feld] * 100, 1)}`), wert: (r) => w(r, "differenz") },
      { id: "personen", titel: "Änderung der versorgten Personen", zahl: true, text: (r) => (r.ausgewiesen ? zahl(r.differenz[`versorgt_${schwelle}${nach}`], 0) : "–"), wert: (r) => (r.ausgewiesen ? r.differenz[`versorgt_${schwelle}${nach}`] : null) },
    ], antwort.einheiten, antwort.kreis);
    const q = new URLSearchParams({ kategorie: s.kategorie, zielgruppe: s.zielgruppe, ...schwellenParameter(m, schwelle), mass: m.mass, darstellung: differenz ? "differenz" : "nachher" });
    if (plan.length) q.set("plan", plan.map((x) => `${x.lon},${x.lat}`).join(";"));
    if (weg.length) q.set("weg", weg.join(","));
    const dateien = kartenDateien("szenario", q, s);
    return { titel: `${titel} (Szenario)`, beispiel: antwort.kategorie.beispiel, dateien };
  },
};
