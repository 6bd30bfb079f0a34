// Bedarfe: the needs register of the Sozialraumkonferenzen (public: status, steps and reasons
// per Kommune; on the map the needs per Kommune by status), the needs reported from case
// planning (counts by quarter; the form for the role "melden") and, for the editing role, the
// forms to enter a need and take its next step.

import { ApiFehler, holen, mitToken } from "../api.js";
import { html, leer, zahl } from "../format.js";
import * as zustand from "../zustand.js";

const FARBEN = ["#ffffff", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"];

/** "2025-Q3" as people say it: "3. Quartal 2025" (years stay as they are). */
export function quartalText(z) {
  const m = /^(\d{4})-Q([1-4])$/.exec(z);
  return m ? `${m[2]}. Quartal ${m[1]}` : z;
}

const meldungenText = (n) => `${zahl(n)} ${n === 1 ? "Meldung" : "Meldungen"}`;
const STATUS = { eingebracht: "eingebracht", geprueft: "geprüft", in_planung: "in Planung", umgesetzt: "umgesetzt", nicht_umgesetzt: "nicht umgesetzt" };

/** The current quarter as JJJJ-Qn. */
export function aktuellesQuartal(tag = new Date()) {
  return `${tag.getFullYear()}-Q${Math.floor(tag.getMonth() / 3) + 1}`;
}

const $ = (id) => document.getElementById(id);

function meldung(id, text, fehler = false) {
  $(id).textContent = text;
  $(id).classList.toggle("fehler", fehler);
}

export const bedarfeAnsicht = {
  id: "bedarfe",

  einrichten(ctx) {
    const kommunen = ctx.kommunenGeo.features.map((f) => f.properties);
    const kommunenOptionen = kommunen.map((k) => `<option value="${html(k.id)}">${html(k.name)}</option>`).join("");
    $("bf-kommune").innerHTML = `<option value="">alle Kommunen</option>${kommunenOptionen}`;
    $("bm-kommune").innerHTML = kommunenOptionen;
    const kategorien = `${ctx.alleKategorien.map((k) => `<option value="${html(k.id)}">${html(k.bezeichnung)}</option>`).join("")}<option value="sonstiges">Sonstiges (keine der Kategorien)</option>`;
    $("bm-kategorie").innerHTML = kategorien;
    $("bn-kategorie").innerHTML = kategorien;
    $("bm-quartal").value = aktuellesQuartal();
    $("bf-kommune").addEventListener("change", (e) => zustand.setzen({ bkommune: e.target.value }));
    $("bf-status").addEventListener("change", (e) => zustand.setzen({ bstatus: e.target.value }));
    $("bm-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const koerper = { ags: $("bm-kommune").value, kategorie: $("bm-kategorie").value, quartal: $("bm-quartal").value.trim(), anzahl: Number($("bm-anzahl").value) };
      try {
        const r = (await mitToken("POST", "api/bedarfsmeldungen", { json: koerper })).daten;
        meldung("bm-meldung", `Gemeldet: ${r.anzahl} × ${r.kategoriename}, ${r.kommune}, ${quartalText(r.quartal)}. Gespeichert wird nur die Anzahl.`);
        $("bm-anzahl").value = "1";
        zustand.setzen({}, { melden: true });
      } catch (f) {
        meldung("bm-meldung", f.message, true);
      }
    });
    // The export of the case software: checked first, applied on a second click.
    const hochladen = async (anwenden) => {
      const datei = $("bi-datei").files[0];
      if (!datei) return;
      const q = new URLSearchParams({ modus: anwenden ? "anwenden" : "pruefen", quelle: $("bi-quelle").value.trim(), datei: datei.name });
      const feld = $("bi-bericht");
      try {
        const r = (await mitToken("POST", `api/import/bedarfsmeldungen?${q}`, { datei: await datei.arrayBuffer() })).daten;
        const quartale = r.quartale.map((x) => `<li>${html(quartalText(x.quartal))}: ${meldungenText(x.meldungen)} (${x.status === "neu" ? "neu" : x.status === "ersetzt" ? `ersetzt bisher ${zahl(x.bisher)}` : "unverändert"})</li>`).join("");
        const probleme = r.probleme.map((p) => `<li>${html([p.zeile, p.spalte].filter(Boolean).join(", "))}: ${html(p.grund)}</li>`).join("");
        const hinweise = r.hinweise.map((h) => `<li>${html(h)}</li>`).join("");
        feld.innerHTML = `<p><strong>${r.angewendet ? "Übernommen" : "Prüfbericht"}</strong>: ${zahl(r.zeilen)} Zeilen aus ${html(r.datei)}</p><ul class="liste">${quartale}</ul>${probleme ? `<h4>Probleme</h4><ul class="liste eingabefehler">${probleme}</ul>` : ""}${hinweise ? `<ul class="liste klein">${hinweise}</ul>` : ""}${!r.angewendet && !r.probleme.length && r.quartale.some((x) => x.status !== "unveraendert") ? '<button type="button" id="bi-anwenden">Übernehmen</button>' : ""}`;
        $("bi-anwenden")?.addEventListener("click", () => hochladen(true));
        if (r.angewendet) zustand.setzen({}, { melden: true });
      } catch (f) {
        const probleme = (f.pruefbericht?.probleme || []).map((p) => `<li>${html([p.zeile, p.spalte].filter(Boolean).join(", "))}: ${html(p.grund)}</li>`).join("");
        feld.innerHTML = `<p class="eingabefehler" role="alert">${html(f.message)}</p>${probleme ? `<ul class="liste">${probleme}</ul>` : ""}`;
      }
    };
    $("bi-form").addEventListener("submit", (e) => {
      e.preventDefault();
      hochladen(false);
    });
    $("bn-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const koerper = { titel: $("bn-titel").value, gebiet: $("bn-gebiet").value, kategorie: $("bn-kategorie").value, konferenz: $("bn-konferenz").value, datum: $("bn-datum").value };
      try {
        const r = (await mitToken("POST", "api/bedarfe", { json: koerper })).daten;
        meldung("bn-meldung", `Eingetragen: ${r.titel} (${r.id}).`);
        for (const id of ["bn-titel", "bn-konferenz"]) $(id).value = "";
        zustand.setzen({}, { melden: true });
      } catch (f) {
        meldung("bn-meldung", f.message, true);
      }
    });
    // The next step of a need, from its row in the list.
    $("bf-liste").addEventListener("submit", async (e) => {
      e.preventDefault();
      const form = e.target.closest("form[data-bedarf]");
      if (!form) return;
      const daten = new FormData(form);
      try {
        await mitToken("POST", `api/bedarfe/${encodeURIComponent(form.dataset.bedarf)}/status`, {
          json: { status: daten.get("status"), datum: daten.get("datum") || undefined, grund: daten.get("grund") },
          koepfe: { "If-Match": `"${form.dataset.version}"` },
        });
        zustand.setzen({}, { melden: true });
      } catch (f) {
        form.querySelector(".meldung").textContent = f instanceof ApiFehler && f.status === 412 ? "Inzwischen geändert – die Liste wird neu geladen." : f.message;
        if (f.status === 412) zustand.setzen({}, { melden: true });
      }
    });
    this.regionen = ctx.konfiguration.regionsschemata;
  },

  async zeigen(ctx, s) {
    const anmeldung = ctx.anmeldung();
    $("bm-feld").hidden = !anmeldung?.melden;
    $("bn-feld").hidden = !anmeldung?.bearbeiten;
    $("bf-kommune").value = s.bkommune;
    $("bf-status").value = s.bstatus;
    const [liste, karte, gebiete, reihe] = await Promise.all([
      holen("api/bedarfe", { ags: s.bkommune, status: s.bstatus }),
      holen("api/bedarfe/karte"),
      holen("api/einheiten", { ebene: "region" }),
      holen("api/bedarfsmeldungen"),
    ]);
    if (!$("bn-gebiet").options.length) {
      const regionen = gebiete.features.filter((f) => f.properties.art === "region").map((f) => f.properties);
      $("bn-gebiet").innerHTML = `<optgroup label="Kommunen">${ctx.kommunenGeo.features.map((f) => `<option value="${html(f.properties.id)}">${html(f.properties.name)}</option>`).join("")}</optgroup><optgroup label="Regionen">${regionen.map((r) => `<option value="${html(r.id)}">${html(r.name)}</option>`).join("")}</optgroup>`;
    }
    // The map: Kommunen by their open needs (a region's need counts in each of its Kommunen).
    const zahlen = Object.fromEntries(karte.features.map((f) => [f.id, f.properties]));
    const hoechst = Math.max(1, ...karte.features.map((f) => f.properties.offen));
    ctx.karte.einheiten(ctx.kommunenGeo, (f) => {
      const z = zahlen[f.properties.id];
      const stufe = z.offen === 0 ? 0 : Math.min(5, 1 + Math.floor(((z.offen - 1) / hoechst) * 5));
      return { farbe: FARBEN[stufe], status: "ausgewiesen", text: `${z.offen} offen, ${z.nach_status.umgesetzt} umgesetzt, ${z.nach_status.nicht_umgesetzt} nicht umgesetzt` };
    });
    const stufen = [...new Set(karte.features.map((f) => f.properties.offen))].sort((a, b) => a - b);
    ctx.legende(`<h2>Bedarfe der Sozialraumkonferenzen</h2><p class="hinweis">${html(karte.hinweis)}.</p><ul class="legende-liste">${stufen.map((n) => `<li><span class="kasten" style="background:${FARBEN[n === 0 ? 0 : Math.min(5, 1 + Math.floor(((n - 1) / hoechst) * 5))]}"></span>${n} offen</li>`).join("")}</ul>`, false);
    // The list (also the table below the map), steps with day and reason.
    const schritt = (b) => b.verlauf.map((x) => `<li><strong>${html(x.status_text)}</strong> am ${html(x.datum.split("-").reverse().join("."))}: ${html(x.grund)}</li>`).join("");
    const form = (b) => (anmeldung?.bearbeiten && b.naechste.length
      ? `<form class="bf-schritt" data-bedarf="${html(b.id)}" data-version="${b.version}"><label>Nächster Schritt <select name="status">${b.naechste.map((n) => `<option value="${n}">${STATUS[n]}</option>`).join("")}</select></label><label>am <input type="date" name="datum"></label><label>Begründung (öffentlich, keine Namen) <input name="grund" type="text" required maxlength="2000"></label><button type="submit">Eintragen</button><p class="meldung" role="status"></p></form>`
      : "");
    $("bf-liste").innerHTML = liste.bedarfe.length
      ? liste.bedarfe.map((b) => `<li class="bedarf"><h3>${html(b.titel)}</h3><p>${html(b.gebiet.name)} · ${html(b.kategoriename)} · ${html(b.konferenz)}, ${html(b.datum.split("-").reverse().join("."))} · <strong>${html(b.status_text)}</strong></p><ol class="schritte">${schritt(b)}</ol>${b.angebote.length ? `<p>Beantwortet durch: ${b.angebote.map((a) => html(a.name || a.id)).join(", ")}</p>` : ""}${b.szenarien.map((l) => `<p><a href="${html(l)}">Szenario ansehen</a></p>`).join("")}${form(b)}</li>`).join("")
      : "<li>Keine Bedarfe für diese Auswahl.</li>";
    const letzter = (b) => b.verlauf[b.verlauf.length - 1];
    ctx.tabelle.zeigen(`Bedarfsregister${s.bkommune ? ` – ${zahlen[s.bkommune]?.name || ""}` : ""}`, [
      { id: "titel", titel: "Bedarf", text: (b) => b.titel },
      { id: "gebiet", titel: "Gebiet", text: (b) => b.gebiet.name },
      { id: "kategorie", titel: "Kategorie", text: (b) => b.kategoriename },
      { id: "konferenz", titel: "eingebracht von", text: (b) => `${b.konferenz}, ${b.datum.split("-").reverse().join(".")}` },
      { id: "status", titel: "Stand", text: (b) => b.status_text },
      { id: "grund", titel: "letzter Schritt", text: (b) => `${letzter(b).datum.split("-").reverse().join(".")}: ${letzter(b).grund}` },
    ], liste.bedarfe);
    // Reported needs from case planning: the Kreis and the youth-office area by quarter.
    let meldungen = "<h3>Gemeldete Bedarfe aus der Hilfeplanung</h3><p class=\"klein\">Noch keine Meldungen.</p>";
    if (reihe.zeitraeume.length) {
      const kreis = reihe.einheiten.find((e) => e.art === "kreis");
      const zeilen = reihe.zeitraeume.map((z, i) => {
        const w = kreis.werte[i];
        return `<tr><th scope="row">${html(quartalText(z))}</th><td>${w.anzahl === null ? html(leer(w.status)) : zahl(w.anzahl)}</td><td>${w.je_1000 === null ? "–" : zahl(w.je_1000, 2)}</td></tr>`;
      });
      meldungen = `<h3>Gemeldete Bedarfe aus der Hilfeplanung (${html(kreis.name)})</h3><table class="daten klein"><thead><tr><th>Zeitraum</th><th>Meldungen</th><th>je 1.000 unter 18</th></tr></thead><tbody>${zeilen.join("")}</tbody></table><p class="klein"><a href="#indikator=bedarfsmeldungen">Karte je Kommune</a> · ${html(reihe.datenschutz.regel)}</p>`;
    }
    ctx.kennzahlen(`<p>${liste.anzahl} Bedarf(e) in der Liste.</p>${meldungen}`);
    ctx.quelle("Bedarfsregister der Sozialraumkonferenzen; Bedarfsmeldungen aus der Hilfeplanung (nur Anzahlen).");
    return { titel: "Bedarfe", beispiel: false };
  },
};
