// The planners' map page: loads what the server owns (settings, sources, catalogue, choices),
// builds the map and switches between the views (indicators, coverage, near a place, what-if,
// need × supply). The view lives in the URL. Tabs, presentation, printing and the offers on
// the map each have a module under js/seite/.

import { holen } from "./js/api.js";
import { html } from "./js/format.js";
import { Druck } from "./js/druck.js";
import { Karte } from "./js/karte.js";
import { profilZeigen } from "./js/profil.js";
import { Tabelle } from "./js/tabelle.js";
import * as zustand from "./js/zustand.js";
import { bedarfAnsicht } from "./js/ansichten/bedarf.js";
import { indikatorAnsicht } from "./js/ansichten/indikator.js";
import { naeheAnsicht } from "./js/ansichten/naehe.js";
import { szenarioAnsicht } from "./js/ansichten/szenario.js";
import { versorgungAnsicht } from "./js/ansichten/versorgung.js";
import { Angebotsanzeige } from "./js/seite/angebote.js";
import { auswahlFuellen } from "./js/seite/auswahl.js";
import { druckEinrichten } from "./js/seite/drucken.js";
import { praesentationEinrichten } from "./js/seite/praesentation.js";
import { reiterEinrichten } from "./js/seite/reiter.js";

const ANSICHTEN = [indikatorAnsicht, versorgungAnsicht, naeheAnsicht, szenarioAnsicht, bedarfAnsicht];
const $ = (id) => document.getElementById(id);
const statusFeld = $("status");

function status(text, fehler = false) {
  statusFeld.textContent = text;
  statusFeld.classList.toggle("fehler", fehler);
}

async function laden() {
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
function kontext({ karte, tabelle, katalog, konfiguration, kommunen, angebote, anzeige }) {
  return {
    karte, tabelle, katalog, konfiguration, status,
    kategorien: anzeige.kategorien,
    angebotKategorie: Object.fromEntries(angebote.features.map((f) => [f.properties.id, f.properties.kategorie])),
    angebotName: Object.fromEntries(angebote.features.map((f) => [f.properties.id, f.properties.name])),
    legende: (text, beispiel) => anzeige.legende(text, beispiel),
    kennzahlen(text) {
      $("kennzahlen").innerHTML = text;
    },
    quelle(text) {
      karte.quelle(`${text} ${konfiguration.quelle_grenzen}. ${konfiguration.datenschutz.regel}`);
      $("stand").textContent = `Stand der Karte: ${new Date().toLocaleDateString("de-DE")}. ${text}`;
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
  auswahlFuellen(konfiguration, anzeige.kategorien, d.kommunen);
  const ctx = kontext({ karte, tabelle, katalog: d.katalog, konfiguration, kommunen: d.kommunen, angebote: d.angebote, anzeige });

  let aktuelleAnsicht = null;
  for (const a of ANSICHTEN) a.einrichten?.(ctx);
  profilWege(ctx, karte, tabelle, () => aktuelleAnsicht);
  druckEinrichten(karte, druck);
  const reiter = reiterEinrichten();
  const praesentation = praesentationEinrichten(karte, druck);
  const titel = titelfelder(konfiguration);

  let lauf = 0;
  async function zeigen() {
    const s = zustand.laden();
    const ansicht = ANSICHTEN.find((a) => a.id === s.ansicht) || indikatorAnsicht;
    aktuelleAnsicht = ansicht;
    for (const r of reiter) r.setAttribute("aria-selected", String(r.dataset.ansicht === ansicht.id));
    for (const a of ANSICHTEN) $(`feld-${a.id}`).hidden = a.id !== ansicht.id;
    if (ansicht.id !== "versorgung") karte.ringe(null, 0, false);
    if (ansicht.id !== "naehe") karte.ebenen.ort.clearLayers();
    // A click on the map picks a place in "In der Nähe"; elsewhere it opens the Kommune.
    karte.klickModus = ansicht.klickbar === true;
    if (ansicht.id !== "szenario") {
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
        ? `<h2>Herunterladen</h2><ul class="liste">${r.dateien.map((x) => `<li><a href="${html(x.href)}" download>${html(x.text)}</a></li>`).join("")}</ul>`
        : "";
      titel.setzen();
      status("");
    } catch (e) {
      if (meinLauf !== lauf) return;
      const satz = /[.!?]$/.test(e.message) ? e.message : `${e.message}.`;
      status(`${satz} ${e.status >= 500 || e.status === 0 ? "" : "Bitte die Auswahl ändern."}`.trim(), true);
    }
  }
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
