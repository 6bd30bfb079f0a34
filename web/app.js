// The planners' map page: loads what the server owns (settings, sources, catalogue, choices),
// builds the map and switches between the views (indicators, coverage, near a place, what-if,
// need × supply). The view lives in the URL. Tabs, presentation, printing and the offers on
// the map each have a module under js/seite/.

import { holen, mitStand, mitToken, standSetzen, token, tokenSetzen } from "./js/api.js";
import { html } from "./js/format.js";
import { Druck } from "./js/druck.js";
import { Karte } from "./js/karte.js";
import { profilZeigen } from "./js/profil.js";
import { Tabelle } from "./js/tabelle.js";
import { hervorhebenEinrichten } from "./js/hervorheben.js";
import * as zustand from "./js/zustand.js";
import { bedarfAnsicht } from "./js/ansichten/bedarf.js";
import { bedarfeAnsicht } from "./js/ansichten/bedarfe.js";
import { datenAnsicht } from "./js/ansichten/daten.js";
import { indikatorAnsicht } from "./js/ansichten/indikator.js";
import { naeheAnsicht } from "./js/ansichten/naehe.js";
import { standorteAnsicht } from "./js/ansichten/standorte.js";
import { szenarioAnsicht } from "./js/ansichten/szenario.js";
import { messung, versorgungAnsicht } from "./js/ansichten/versorgung.js";
import { Angebotsanzeige } from "./js/seite/angebote.js";
import { auswahlFuellen } from "./js/seite/auswahl.js";
import { druckEinrichten } from "./js/seite/drucken.js";
import { praesentationEinrichten } from "./js/seite/praesentation.js";
import { reiterEinrichten } from "./js/seite/reiter.js";

/** The views that measure distances and may do so on the path and road network. */
const MIT_MASS = ["versorgung", "szenario", "bedarf", "standorte"];

const ANSICHTEN = [indikatorAnsicht, versorgungAnsicht, naeheAnsicht, szenarioAnsicht, bedarfAnsicht, standorteAnsicht, bedarfeAnsicht, datenAnsicht];
const $ = (id) => document.getElementById(id);
const statusFeld = $("status");

function status(text, fehler = false) {
  statusFeld.textContent = text;
  statusFeld.classList.toggle("fehler", fehler);
}

async function laden() {
  standSetzen(zustand.laden().stand);
  const [konfiguration, katalog, kategorien, kreis, angebote, kommunen] = await Promise.all([
    holen("api/konfiguration"), holen("api/indikatoren"), holen("api/kategorien"), holen("api/einheiten", { ebene: "kreis" }),
    holen("api/angebote"), holen("api/einheiten", { ebene: "kommune" }),
  ]);
  return { konfiguration, katalog, kategorien, kreis, angebote, kommunen };
}

function kopfSetzen(konfiguration) {
  document.title = `${konfiguration.titel} – sozialraum`;
  $("titel").textContent = konfiguration.titel;
  $("quellen").textContent = `Quellen: ${konfiguration.quellen.join(" · ")}. ${konfiguration.beispieldaten}`.trim();
  $("datenschutz-hinweis").textContent = `Datenschutz: ${konfiguration.datenschutz.regel}`;
}

// What every view may use: the map, the table, the server's catalogue and settings, and
// the page's shared places (legend, key figures, source line, profile).
function kontext({ karte, tabelle, katalog, konfiguration, kommunen, angebote, anzeige, anmeldung }) {
  const namen = (g) => ({
    angebotKategorie: Object.fromEntries(g.features.map((f) => [f.properties.id, f.properties.kategorie])),
    angebotName: Object.fromEntries(g.features.map((f) => [f.properties.id, f.properties.name])),
  });
  return {
    ...namen(angebote),
    anmeldung,
    /** The Kommunen with their boundaries (GeoJSON, WGS84). */
    kommunenGeo: kommunen,
    /** The offers of the page's day again (after a change or another day). */
    async angeboteNeuLaden() {
      const g = await holen("api/angebote");
      Object.assign(this, namen(g));
      anzeige.neuLaden(g);
    },
    karte, tabelle, katalog, konfiguration, status,
    kategorien: anzeige.kategorien,
    alleKategorien: anzeige.alleKategorien,
    legende: (text, beispiel) => anzeige.legende(text, beispiel),
    kennzahlen(text) {
      $("kennzahlen").innerHTML = text;
    },
    /** The charts of the view (figures as HTML; empty: none, the section hides). */
    grafiken(text) {
      $("grafiken-inhalt").innerHTML = text;
      $("grafiken").hidden = !text;
    },
    quelle(text) {
      karte.quelle(`${text} ${konfiguration.quelle_grenzen}. ${konfiguration.datenschutz.regel}`);
      const tag = zustand.lesen("stand");
      const angebote = tag ? ` Angebote am ${tag.split("-").reverse().join(".")}.` : "";
      $("stand").textContent = `Stand der Karte: ${new Date().toLocaleDateString("de-DE")}.${angebote} ${text}`;
      $("grafiken-quelle").textContent = `${text} ${konfiguration.datenschutz.regel}${angebote}`;
    },
    grundkarte() {
      karte.einheiten(kommunen, () => ({ farbe: "#eeeeee", status: "ausgewiesen", text: null }));
    },
    angeboteSicherstellen: (kategorie) => anzeige.sicherstellen(kategorie),
    angebotsMarkierung(weg) {
      for (const el of document.querySelectorAll(".marker-angebot")) el.classList.toggle("geschlossen", weg.includes(el.dataset.id));
    },
    profil(ags) {
      profilZeigen($("profil"), ags, zustand.lesen("schema"), konfiguration);
    },
  };
}

// Clicks on the map, the Kommune list and table rows open a Kommune's profile.
function profilWege(ctx, karte, tabelle, aktuelleAnsicht) {
  karte.beiEinheit = (p) => {
    if (p.art === "kommune") ctx.profil(p.id);
  };
  karte.beiKlick = (latlng) => aktuelleAnsicht()?.klick?.(latlng, ctx);
  $("kommune-wahl").addEventListener("change", (e) => {
    if (e.target.value) ctx.profil(e.target.value);
    e.target.value = "";
  });
  tabelle.beiZeile = (id) => {
    if (/^\d{8}$/.test(id) && !id.endsWith("000")) ctx.profil(id);
  };
  $("profil-schliessen").addEventListener("click", () => $("profil").close());
}

// The page title and subtitle: what the planner typed, else the view's automatic title.
function titelfelder(konfiguration) {
  let automatisch = "";
  const setzen = () => {
    const s = zustand.laden();
    $("titel").textContent = s.titel || konfiguration.titel;
    $("untertitel").textContent = s.untertitel || automatisch;
    // The fields hold only what the planner typed; the automatic title is their placeholder.
    if (document.activeElement !== $("titel-eingabe")) $("titel-eingabe").value = s.titel;
    if (document.activeElement !== $("untertitel-eingabe")) $("untertitel-eingabe").value = s.untertitel;
    $("titel-eingabe").placeholder = konfiguration.titel;
    $("untertitel-eingabe").placeholder = automatisch;
  };
  for (const [id, k] of [["titel-eingabe", "titel"], ["untertitel-eingabe", "untertitel"]]) {
    $(id).addEventListener("input", (e) => {
      zustand.setzen({ [k]: e.target.value }, { melden: false });
      setzen();
    });
  }
  return { setzen, automatisch: (t) => { automatisch = t; } };
}

// Signing in with a token: the name and role show in the header; the role "bearbeiten" opens
// the data management. The token stays in this browser tab only.
function anmeldenEinrichten(beiAenderung) {
  let anmeldung = null;
  const zeigen = () => {
    $("anmelden").textContent = anmeldung ? "Abmelden" : "Anmelden";
    $("angemeldet").hidden = !anmeldung;
    $("angemeldet").textContent = anmeldung ? `Angemeldet: ${anmeldung.name} (${anmeldung.rolle})` : "";
    $("reiter-daten").hidden = !anmeldung?.bearbeiten;
    beiAenderung();
  };
  const pruefen = async () => {
    try {
      anmeldung = token() ? (await mitToken("GET", "api/zugang")).daten : null;
    } catch (e) {
      anmeldung = null;
      tokenSetzen("");
      throw e;
    }
  };
  const dialog = $("anmelde-dialog");
  $("anmelden").addEventListener("click", () => {
    if (anmeldung) {
      tokenSetzen("");
      anmeldung = null;
      if (zustand.lesen("ansicht") === "daten") zustand.setzen({ ansicht: "indikator" }, { melden: false });
      zeigen();
      return;
    }
    $("anmelde-meldung").textContent = "";
    $("anmelde-token").value = "";
    dialog.showModal();
  });
  $("anmelde-abbrechen").addEventListener("click", () => dialog.close());
  $("anmelde-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    tokenSetzen($("anmelde-token").value.trim());
    try {
      await pruefen();
      dialog.close();
      zeigen();
    } catch (f) {
      $("anmelde-meldung").textContent = f.status === 401 ? "Dieses Token ist ungültig." : f.message;
    }
  });
  return {
    aktuell: () => anmeldung,
    async start() {
      await pruefen().catch(() => {});
      $("reiter-daten").hidden = !anmeldung?.bearbeiten;
      $("anmelden").textContent = anmeldung ? "Abmelden" : "Anmelden";
      $("angemeldet").hidden = !anmeldung;
      $("angemeldet").textContent = anmeldung ? `Angemeldet: ${anmeldung.name} (${anmeldung.rolle})` : "";
    },
  };
}

// The day of the offers: a date field in the header, kept in the URL (`stand`).
function standEinrichten() {
  $("stand-tag").addEventListener("change", (e) => zustand.setzen({ stand: e.target.value }));
  $("stand-heute").addEventListener("click", () => zustand.setzen({ stand: "", vergleich: "" }));
}

async function start() {
  status("Lade Daten …");
  const d = await laden();
  const { konfiguration } = d;
  // The data set's defaults are the page's defaults (and are left out of the URL).
  zustand.vorgabenSetzen({ schwelle: String(konfiguration.schwelle_m), radius: String(konfiguration.radius_m) });
  kopfSetzen(konfiguration);
  const karte = new Karte($("karte"), konfiguration);
  const druck = new Druck(karte, $("seitenformat"));
  karte.umriss({ type: "FeatureCollection", features: d.kreis.features.filter((f) => f.properties.art === "kreis") });
  const tabelle = new Tabelle($("daten-tabelle"), $("tabelle-titel"), $("csv"));
  const anzeige = new Angebotsanzeige(karte, d.kategorien, d.angebote);
  anzeige.netzMasse = konfiguration.masse.filter((m) => m.id !== "luftlinie");
  auswahlFuellen(konfiguration, anzeige.kategorien, d.kommunen);
  let zeigenLassen = () => {};
  const anmelden = anmeldenEinrichten(() => zeigenLassen());
  await anmelden.start();
  const ctx = kontext({ karte, tabelle, katalog: d.katalog, konfiguration, kommunen: d.kommunen, angebote: d.angebote, anzeige, anmeldung: anmelden.aktuell });
  standEinrichten();
  let geladenerStand = zustand.lesen("stand");

  let aktuelleAnsicht = null;
  let vorige = null;
  for (const a of ANSICHTEN) a.einrichten?.(ctx);
  profilWege(ctx, karte, tabelle, () => aktuelleAnsicht);
  druckEinrichten(karte, druck);
  const reiter = reiterEinrichten();
  const praesentation = praesentationEinrichten(karte, druck);
  hervorhebenEinrichten();
  const titel = titelfelder(konfiguration);

  let lauf = 0;
  async function zeigen() {
    const s = zustand.laden();
    standSetzen(s.stand);
    $("stand-tag").value = s.stand;
    $("stand-heute").hidden = !s.stand;
    if (s.stand !== geladenerStand) {
      geladenerStand = s.stand;
      await ctx.angeboteNeuLaden().catch((e) => status(e.message, true));
    }
    const ansicht = ANSICHTEN.find((a) => a.id === s.ansicht) || indikatorAnsicht;
    $("tabelle").hidden = ansicht.id === "daten";
    $("datenpflege").hidden = ansicht.id !== "daten";
    if (ansicht.id !== "daten") datenAnsicht.ebene?.clearLayers();
    aktuelleAnsicht = ansicht;
    if (ansicht !== vorige) {
      ctx.grafiken("");
      karte.ebenen.einzug.clearLayers();
    }
    vorige = ansicht;
    for (const r of reiter) r.setAttribute("aria-selected", String(r.dataset.ansicht === ansicht.id));
    for (const a of ANSICHTEN) $(`feld-${a.id}`).hidden = a.id !== ansicht.id;
    if (ansicht.id !== "versorgung") karte.ringe(null, 0, false);
    if (ansicht.id !== "naehe") karte.ebenen.ort.clearLayers();
    // The network's credit while a view measures on it.
    karte.netzQuelle(Boolean(ctx.konfiguration.netz) && MIT_MASS.includes(ansicht.id) && messung(s).netz);
    // A click on the map picks a place in "In der Nähe"; elsewhere it opens the Kommune.
    karte.klickModus = ansicht.klickbar === true;
    if (ansicht.id !== "szenario" && ansicht.id !== "standorte") {
      karte.ebenen.szenario.clearLayers();
      ctx.angebotsMarkierung([]);
    }
    $("karte").style.cursor = ansicht.klickbar || ansicht.id === "szenario" ? "crosshair" : "";
    anzeige.zeichnen();
    $("papier").value = s.papier;
    $("ausrichtung").value = s.ausrichtung;
    const meinLauf = ++lauf;
    status("Lade …");
    try {
      const r = await ansicht.zeigen(ctx, s);
      if (meinLauf !== lauf) return;
      titel.automatisch(r?.titel || "");
      $("dateien").innerHTML = r?.dateien?.length
        ? `<h2>Herunterladen</h2><ul class="liste">${r.dateien.map((x) => `<li><a href="${html(mitStand(x.href))}" download>${html(x.text)}</a></li>`).join("")}</ul>`
        : "";
      titel.setzen();
      status("");
    } catch (e) {
      if (meinLauf !== lauf) return;
      const satz = /[.!?]$/.test(e.message) ? e.message : `${e.message}.`;
      status(`${satz} ${e.status >= 500 || e.status === 0 ? "" : "Bitte die Auswahl ändern."}`.trim(), true);
    }
  }
  zeigenLassen = zeigen;
  zustand.beobachten(zeigen);
  window.addEventListener("hashchange", zeigen);
  zustand.laden();
  praesentation(zustand.lesen("praesentation") === "1");
  await zeigen();
  document.body.dataset.bereit = "1";
}

start().catch((e) => {
  status(`Die Seite konnte nicht geladen werden: ${e.message} Bitte die Seite neu laden.`, true);
  document.body.dataset.bereit = "fehler";
});
