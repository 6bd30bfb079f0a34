// Data management, for people signed in with the editing role: the stored offers as a
// filterable table; a form to add or change one (placed by clicking or dragging on the map);
// closing with a date; uploading a list with its check report before anything is applied;
// imported rows without a place, placed on the map; the change history of an offer.
/* global L */

import { mitToken } from "../api.js";
import { html, lesen, zahl } from "../format.js";

const $ = (id) => document.getElementById(id);
const tag = (t) => (t ? t.split("-").reverse().join(".") : "");

const FELDER = {
  name: "Name", kategorie: "Kategorie", traeger: "Träger", strasse: "Straße", plz: "PLZ", ort: "Ort", ags: "Kommune (AGS)",
  lon: "Länge", lat: "Breite", beispiel: "Beispieldaten", quelle: "Quelle", merkmale: "Merkmale", gueltig_ab: "gültig ab", gueltig_bis: "gültig bis",
};

const ARTEN = { angelegt: "angelegt", geaendert: "geändert", geschlossen: "geschlossen", importiert: "importiert" };

export const datenAnsicht = {
  id: "daten",
  klickbar: false,

  einrichten(ctx) {
    this.ctx = ctx;
    this.ebene = L.layerGroup().addTo(ctx.karte.karte);
    this.bestand = [];
    this.bearbeitet = null; // the record being changed (null: a new offer)
    this.setzen = null; // what a click on the map places: "form" or the number of a waiting row
    $("daten-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.speichern();
    });
    $("df-neu").addEventListener("click", () => this.formular(null));
    $("df-setzen").addEventListener("click", () => this.klickSetzen("form"));
    $("df-schliessen").addEventListener("click", () => this.schliessen());
    for (const id of ["df-lon", "df-lat"]) $(id).addEventListener("change", () => this.markierung());
    for (const id of ["dp-suche", "dp-kategorie", "dp-geschlossene"]) $(id).addEventListener("input", () => this.tabelle());
    $("dp-tabelle").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-id]");
      if (!b) return;
      const a = this.bestand.find((x) => x.id === b.dataset.id);
      if (b.dataset.aktion === "aendern") this.formular(a);
      else this.verlauf(a);
    });
    $("dp-hochladen").addEventListener("submit", (e) => {
      e.preventDefault();
      this.hochladen("pruefen");
    });
    $("dp-bericht").addEventListener("click", (e) => {
      if (e.target.id === "dp-anwenden") this.hochladen("anwenden");
    });
    $("dp-offen").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-nr]");
      if (!b) return;
      if (b.dataset.aktion === "setzen") this.klickSetzen(Number(b.dataset.nr));
      else this.verwerfen(Number(b.dataset.nr));
    });
  },

  async zeigen(ctx, s) {
    ctx.grundkarte();
    ctx.legende("<h2>Daten pflegen</h2><p class=\"hinweis\">Angebote anlegen, ändern, schließen und Listen hochladen. Jede Änderung steht im Verlauf.</p>", false);
    ctx.kennzahlen("");
    ctx.quelle("Angebote: Speicher des Dienstes.");
    if (!ctx.anmeldung()?.bearbeiten) {
      $("dp-tabelle").innerHTML = "";
      throw Object.assign(new Error("Die Datenpflege braucht eine Anmeldung mit der Rolle „bearbeiten“"), { status: 403 });
    }
    // Every category of the store, also those without an offer yet.
    const optionen = ctx.alleKategorien.map((k) => `<option value="${html(k.id)}">${html(k.bezeichnung)}</option>`).join("");
    if ($("dp-kategorie").options.length === 1) $("dp-kategorie").insertAdjacentHTML("beforeend", optionen);
    if ($("df-kategorie").options.length === 0) $("df-kategorie").innerHTML = optionen;
    await Promise.all([this.laden(), this.offenLaden()]);
    this.markierung();
    return { titel: "Daten pflegen", dateien: [] };
  },

  klick(latlng) {
    if (this.setzen === null) return;
    const wohin = this.setzen;
    this.setzen = null;
    this.ctx.karte.klickModus = false;
    $("df-setzen").setAttribute("aria-pressed", "false");
    this.ctx.status("");
    const lon = Number(latlng.lng.toFixed(6));
    const lat = Number(latlng.lat.toFixed(6));
    if (wohin === "form") {
      $("df-lon").value = zahl(lon, 6);
      $("df-lat").value = zahl(lat, 6);
      this.markierung();
    } else if (typeof wohin === "number") {
      this.offenSetzen(wohin, lon, lat);
    }
  },

  klickSetzen(was) {
    this.setzen = was;
    this.ctx.karte.klickModus = true;
    if (was === "form") $("df-setzen").setAttribute("aria-pressed", "true");
    // The button may be far below the map (waiting rows): bring the map into view.
    $("karte").scrollIntoView({ block: "center" });
    const zeile = typeof was === "number" ? this.offene?.find((o) => o.nr === was) : null;
    const wen = zeile ? `„${zeile.angaben.name || "ohne Namen"}“ (${zeile.datei}, ${zeile.zeile})` : "das Angebot";
    this.ctx.status(`Jetzt in die Karte klicken, um ${wen} zu setzen (nicht auf ein bestehendes Symbol).`);
  },

  /** The draggable mark of the form's place. */
  markierung() {
    this.ebene.clearLayers();
    const lon = lesen($("df-lon").value);
    const lat = lesen($("df-lat").value);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    const m = L.marker([lat, lon], { draggable: true, title: "Ort des Angebots (ziehen zum Verschieben)", zIndexOffset: 2000 });
    m.on("dragend", () => {
      const p = m.getLatLng();
      $("df-lon").value = zahl(p.lng, 6);
      $("df-lat").value = zahl(p.lat, 6);
    });
    m.addTo(this.ebene);
  },

  async laden() {
    const { daten } = await mitToken("GET", "api/speicher/angebote");
    this.bestand = daten.angebote;
    this.tabelle();
  },

  tabelle() {
    const suche = $("dp-suche").value.trim().toLowerCase();
    const kat = $("dp-kategorie").value;
    const alle = $("dp-geschlossene").checked;
    const heute = new Date().toISOString().slice(0, 10);
    const bezeichnung = Object.fromEntries(this.ctx.alleKategorien.map((k) => [k.id, k.bezeichnung]));
    const zeilen = this.bestand.filter((a) => (alle || !a.gueltig_bis || a.gueltig_bis > heute)
      && (!kat || a.kategorie === kat)
      && (!suche || [a.name, a.traeger, a.ort, a.id].some((x) => x.toLowerCase().includes(suche))));
    $("datenpflege-titel").textContent = `Angebote im Speicher (${zeilen.length} von ${this.bestand.length})`;
    $("dp-tabelle").innerHTML = `<thead><tr><th scope="col">Name</th><th scope="col">Kategorie</th><th scope="col">Träger</th><th scope="col">Ort</th><th scope="col">gültig ab</th><th scope="col">gültig bis</th><th scope="col">Version</th><th scope="col"><span class="unsichtbar">Aktionen</span></th></tr></thead><tbody>${
      zeilen.slice(0, 500).map((a) => `<tr data-id="${html(a.id)}"><th scope="row">${html(a.name)}</th><td>${html(bezeichnung[a.kategorie] || a.kategorie)}</td><td>${html(a.traeger)}</td><td>${html(a.ort)}</td><td>${tag(a.gueltig_ab) || "von Anfang an"}</td><td>${tag(a.gueltig_bis) || "offen"}</td><td class="zahl">${a.version}</td><td><button type="button" class="leise" data-aktion="aendern" data-id="${html(a.id)}">Ändern</button> <button type="button" class="leise" data-aktion="verlauf" data-id="${html(a.id)}">Verlauf</button></td></tr>`).join("")
    }</tbody>${zeilen.length > 500 ? `<caption class="klein">Die ersten 500 von ${zeilen.length}; die Suche grenzt ein.</caption>` : ""}`;
  },

  formular(a) {
    this.bearbeitet = a;
    $("daten-form-titel").textContent = a ? `Angebot ändern: ${a.name}` : "Neues Angebot";
    const werte = a || { name: "", kategorie: $("df-kategorie").value, traeger: "", strasse: "", plz: "", ort: "", lon: null, lat: null, gueltig_ab: "" };
    for (const k of ["name", "kategorie", "traeger", "strasse", "plz", "ort"]) $(`df-${k}`).value = werte[k] ?? "";
    $("df-lon").value = werte.lon === null ? "" : zahl(werte.lon, 6);
    $("df-lat").value = werte.lat === null ? "" : zahl(werte.lat, 6);
    $("df-ab").value = werte.gueltig_ab || "";
    $("df-kommentar").value = "";
    $("df-schliessen-feld").hidden = !a || Boolean(a.gueltig_bis);
    $("df-meldung").textContent = "";
    this.markierung();
    $("df-name").focus();
  },

  meldung(text, fehler = false) {
    $("df-meldung").textContent = text;
    $("df-meldung").classList.toggle("fehler", fehler);
    if (text) $("df-meldung").scrollIntoView({ block: "nearest" });
  },

  async speichern() {
    const lon = lesen($("df-lon").value);
    const lat = lesen($("df-lat").value);
    if (!$("df-name").value.trim()) return this.meldung("Bitte einen Namen eingeben.", true);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return this.meldung("Bitte den Ort auf der Karte setzen oder Länge und Breite eingeben.", true);
    const angaben = { name: $("df-name").value, kategorie: $("df-kategorie").value, traeger: $("df-traeger").value, strasse: $("df-strasse").value, plz: $("df-plz").value, ort: $("df-ort").value, lon, lat, gueltig_ab: $("df-ab").value };
    if ($("df-kommentar").value.trim()) angaben.kommentar = $("df-kommentar").value.trim();
    try {
      const a = this.bearbeitet;
      const { daten } = a
        ? await mitToken("PATCH", `api/angebote/${encodeURIComponent(a.id)}`, { json: angaben, koepfe: { "If-Match": `"${a.version}"` } })
        : await mitToken("POST", "api/angebote", { json: angaben });
      await this.nachAenderung(`Gespeichert: ${daten.name} (Version ${daten.version}).`);
      this.formular(this.bestand.find((x) => x.id === daten.id));
      this.meldung(`Gespeichert: ${daten.name} (Version ${daten.version}).`);
    } catch (e) {
      this.meldung(e.message, true);
    }
  },

  async schliessen() {
    const a = this.bearbeitet;
    if (!a) return;
    const datum = $("df-bis").value;
    if (!datum) return this.meldung("Bitte den ersten Tag ohne das Angebot wählen.", true);
    try {
      const json = { datum };
      if ($("df-kommentar").value.trim()) json.kommentar = $("df-kommentar").value.trim();
      await mitToken("POST", `api/angebote/${encodeURIComponent(a.id)}/schliessen`, { json, koepfe: { "If-Match": `"${a.version}"` } });
      await this.nachAenderung("");
      this.formular(this.bestand.find((x) => x.id === a.id));
      this.meldung(`Geschlossen ab ${tag(datum)}.`);
    } catch (e) {
      this.meldung(e.message, true);
    }
  },

  /** After a change: the table, the offers on the map and the history show it. */
  async nachAenderung() {
    await Promise.all([this.laden(), this.offenLaden(), this.ctx.angeboteNeuLaden()]);
  },

  async verlauf(a) {
    const { daten } = await mitToken("GET", `api/aenderungen?objekt=${encodeURIComponent(a.id)}`);
    $("dp-verlauf-titel").textContent = `Verlauf: ${a.name}`;
    const felder = (v, n) => Object.keys({ ...v, ...n }).filter((k) => k !== "version" && JSON.stringify(v?.[k]) !== JSON.stringify(n?.[k]));
    const text = (x) => (x === null || x === undefined || x === "" ? "–" : typeof x === "object" ? JSON.stringify(x) : String(x));
    $("dp-verlauf").innerHTML = daten.aenderungen.length
      ? `<ol class="verlauf">${daten.aenderungen.map((e) => `<li><strong>${new Date(e.zeit).toLocaleString("de-DE")}</strong> – ${html(ARTEN[e.art] || e.art)} von ${html(e.wer)}${e.kommentar ? ` („${html(e.kommentar)}“)` : ""}${e.vorher ? `<ul>${felder(e.vorher, e.nachher).map((k) => `<li>${html(FELDER[k] || k)}: ${html(text(e.vorher[k]))} → ${html(text(e.nachher?.[k]))}</li>`).join("")}</ul>` : ""}</li>`).join("")}</ol>`
      : "<p>Keine Änderungen verzeichnet (Angebot aus dem Datensatz).</p>";
    $("dp-verlauf").scrollIntoView({ block: "nearest" });
  },

  async hochladen(modus) {
    const datei = $("dp-datei").files[0];
    const ziel = $("dp-bericht");
    if (!datei) {
      ziel.innerHTML = '<p class="fehler">Bitte zuerst eine Datei wählen.</p>';
      return;
    }
    const q = new URLSearchParams({ modus, datei: datei.name, fehlende: $("dp-fehlende").checked ? "schliessen" : "behalten" });
    ziel.innerHTML = `<p>${modus === "pruefen" ? "Prüfe" : "Übernehme"} ${html(datei.name)} …</p>`;
    try {
      const { daten } = await mitToken("POST", `api/import/angebote?${q}`, { datei });
      ziel.innerHTML = berichtHtml(daten);
      if (daten.angewendet) await this.nachAenderung();
    } catch (e) {
      ziel.innerHTML = e.pruefbericht ? `<p class="fehler">${html(e.message)}</p>${berichtHtml(e.pruefbericht)}` : `<p class="fehler">${html(e.message)}</p>`;
    }
  },

  async offenLaden() {
    const { daten } = await mitToken("GET", "api/import/offen");
    this.offene = daten.angebote;
    $("dp-offen").innerHTML = daten.anzahl
      ? `<ul class="liste">${daten.angebote.map((o) => `<li>${html(o.angaben.name || "ohne Namen")} (${html(o.angaben.kategorie || "")}) – ${html(o.datei)}, ${html(o.zeile)} <button type="button" class="leise" data-aktion="setzen" data-nr="${o.nr}">Auf der Karte setzen</button> <button type="button" class="leise" data-aktion="verwerfen" data-nr="${o.nr}">Verwerfen</button></li>`).join("")}</ul>`
      : "<p class=\"klein\">Keine.</p>";
  },

  async offenSetzen(nr, lon, lat) {
    try {
      const { daten } = await mitToken("POST", `api/import/offen/${nr}/setzen`, { json: { lon, lat } });
      await this.nachAenderung();
      this.ctx.status(`${daten.name} gesetzt.`);
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  },

  async verwerfen(nr) {
    await mitToken("POST", `api/import/offen/${nr}/verwerfen`);
    await this.offenLaden();
  },
};

/** The check report as HTML: counts, every problem with row, column and reason, what would
 * change; the button to apply only when nothing is wrong and something would change. */
function berichtHtml(b) {
  const n = b.anzahl;
  const teile = [`<h3>Prüfbericht ${html(b.datei)}</h3><p>${html(b.format)}${b.kodierung ? `, ${html(b.kodierung)}` : ""}: ${n.zeilen} Zeilen – ${n.neu} neu, ${n.geaendert} geändert, ${n.geschlossen} geschlossen, ${n.unveraendert} unverändert, ${n.ohne_lage} ohne Lage, <strong>${n.probleme} Probleme</strong>.</p>`];
  if (b.angewendet) teile.push('<p class="erfolg">Übernommen.</p>');
  if (b.probleme.length) {
    teile.push(`<table class="bericht"><caption>Probleme – nichts wird übernommen, solange eines besteht</caption><thead><tr><th scope="col">Zeile</th><th scope="col">Spalte</th><th scope="col">Grund</th></tr></thead><tbody>${b.probleme.map((p) => `<tr><td>${html(p.zeile || "ganze Datei")}</td><td>${html(p.spalte || "")}</td><td>${html(p.grund)}</td></tr>`).join("")}</tbody></table>`);
  }
  const liste = (titel, eintraege, text) => (eintraege.length ? `<h4>${titel}</h4><ul class="liste">${eintraege.map((e) => `<li>${text(e)}</li>`).join("")}</ul>` : "");
  teile.push(liste("Neu", b.neu, (e) => `${html(e.zeile)}: ${html(e.name)} (${html(e.kategorie)})`));
  const felder = (e) => e.felder.map((f) => `${html(f.feld)}: „${html(f.vorher)}“ → „${html(f.nachher)}“`).join("; ");
  teile.push(liste("Geändert", b.geaendert, (e) => `${html(e.zeile || "")}: ${html(e.name)} – ${felder(e)}`));
  teile.push(liste("Geschlossen", b.geschlossen, (e) => `${html(e.zeile || "fehlt in der Datei")}: ${html(e.name)} – ${felder(e)}`));
  teile.push(liste("Ohne Lage (danach auf der Karte setzen)", b.ohne_lage, (e) => `${html(e.zeile)}: ${html(e.name)} (${html(e.kategorie)})`));
  const etwas = n.neu + n.geaendert + n.geschlossen + n.ohne_lage > 0;
  if (!b.angewendet && !b.probleme.length && etwas) teile.push('<button type="button" id="dp-anwenden">Übernehmen</button>');
  return teile.join("");
}
