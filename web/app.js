// The planners' map page: loads the catalogue, builds the map and switches between the views
// (indicators, coverage, near a place, what-if, need × supply). The view lives in the URL.

import { holen } from "./js/api.js";
import { html, schriftFarbe } from "./js/format.js";
import { Druck } from "./js/druck.js";
import { Karte } from "./js/karte.js";
import { profilZeigen } from "./js/profil.js";
import { Tabelle } from "./js/tabelle.js";
import * as zustand from "./js/zustand.js";
import { bedarfAnsicht } from "./js/ansichten/bedarf.js";
import { indikatorAnsicht } from "./js/ansichten/indikator.js";
import { naeheAnsicht } from "./js/ansichten/naehe.js";
import { entfernte, szenarioAnsicht } from "./js/ansichten/szenario.js";
import { versorgungAnsicht } from "./js/ansichten/versorgung.js";

const ANSICHTEN = [indikatorAnsicht, versorgungAnsicht, naeheAnsicht, szenarioAnsicht, bedarfAnsicht];
const $ = (id) => document.getElementById(id);
const statusFeld = $("status");

function status(text, fehler = false) {
  statusFeld.textContent = text;
  statusFeld.classList.toggle("fehler", fehler);
}

async function start() {
  status("Lade Daten …");
  const [konfiguration, katalog, kategorien, kreis, angebote] = await Promise.all([
    holen("api/konfiguration"), holen("api/indikatoren"), holen("api/kategorien"), holen("api/einheiten", { ebene: "kreis" }), holen("api/angebote"),
  ]);
  document.title = `${konfiguration.titel} – sozialraum`;
  $("titel").textContent = konfiguration.titel;
  $("quellen").textContent = `Quellen: ${konfiguration.quellen.join(" · ")}. ${konfiguration.beispieldaten}`;
  $("datenschutz-hinweis").textContent = `Datenschutz: ${konfiguration.datenschutz.regel}`;

  const karte = new Karte($("karte"), konfiguration);
  const druck = new Druck(karte, $("seitenformat"));
  karte.umriss({ type: "FeatureCollection", features: kreis.features.filter((f) => f.properties.art === "kreis") });
  const tabelle = new Tabelle($("daten-tabelle"), $("tabelle-titel"), $("csv"));

  // Selects shared by several views.
  const mitAngeboten = kategorien.filter((k) => k.anzahl > 0);
  for (const sel of document.querySelectorAll(".kategorie-auswahl")) {
    sel.innerHTML = mitAngeboten.map((k) => `<option value="${k.id}">${html(k.bezeichnung)}${k.beispiel ? " (Beispiel)" : ""}</option>`).join("");
  }
  for (const sel of document.querySelectorAll(".zielgruppe-auswahl")) {
    sel.innerHTML = konfiguration.zielgruppen.map((z) => `<option value="${z.id}">${html(z.bezeichnung)}</option>`).join("");
  }
  for (const sel of document.querySelectorAll(".schema-auswahl")) {
    sel.innerHTML = konfiguration.regionsschemata.map((s) => `<option value="${s.id}">${html(s.bezeichnung)}${s.beispiel ? " (Beispiel)" : ""}</option>`).join("");
  }
  const kommunen = await holen("api/einheiten", { ebene: "kommune" });
  $("kommune-wahl").innerHTML += kommunen.features.map((f) => `<option value="${f.properties.id}">${html(f.properties.name)}</option>`).join("");

  let aktuelleAnsicht = null;
  // The legend of the view plus an entry for every offer category drawn on the map; the
  // "Beispieldaten" mark whenever the view's figures or a drawn category are example data.
  let ansichtsLegende = { text: "", beispiel: false };
  function legendeZeichnen() {
    const an = zustand.lesen("angebote").split(",").filter(Boolean);
    const gezeigt = mitAngeboten.filter((k) => an.includes(k.id));
    const angebote = gezeigt.length
      ? `<h3 class="legende-angebote">Angebote auf der Karte</h3><ul>${gezeigt
        .map((k) => `<li><span class="marker-angebot${k.beispiel ? " beispiel" : ""}" style="background:${k.farbe};color:${schriftFarbe(k.farbe)};width:18px;height:18px;flex:none" aria-hidden="true">${html(k.symbol)}</span><span>${html(k.bezeichnung)} (${k.anzahl})${k.beispiel ? " – <strong>Beispieldaten</strong>" : ""}</span></li>`)
        .join("")}</ul>`
      : "";
    const text = ansichtsLegende.text + angebote;
    $("legende").innerHTML = text;
    karte.legende(text);
    $("beispiel-hinweis").hidden = !(ansichtsLegende.beispiel || gezeigt.some((k) => k.beispiel));
  }
  const ctx = {
    karte, tabelle, katalog, kategorien: mitAngeboten, konfiguration, status,
    angebotKategorie: Object.fromEntries(angebote.features.map((f) => [f.properties.id, f.properties.kategorie])),
    angebotName: Object.fromEntries(angebote.features.map((f) => [f.properties.id, f.properties.name])),
    legende(text, beispiel) {
      ansichtsLegende = { text, beispiel };
      legendeZeichnen();
    },
    kennzahlen(text) {
      $("kennzahlen").innerHTML = text;
    },
    quelle(text) {
      karte.quelle(`${text} Grenzen © GeoBasis-DE / BKG. ${konfiguration.datenschutz.regel}`);
      $("stand").textContent = `Stand der Karte: ${new Date().toLocaleDateString("de-DE")}. ${text}`;
    },
    grundkarte() {
      karte.einheiten(kommunen, () => ({ farbe: "#eeeeee", status: "ausgewiesen", text: null }));
    },
    angeboteSicherstellen(kategorie) {
      const an = zustand.lesen("angebote").split(",").filter(Boolean);
      if (!an.includes(kategorie)) {
        zustand.setzen({ angebote: [...an, kategorie].join(",") }, { melden: false });
        schalterZeichnen();
      }
    },
    angebotsMarkierung(weg) {
      for (const el of document.querySelectorAll(".marker-angebot")) el.classList.toggle("geschlossen", weg.includes(el.dataset.id));
    },
    profil(ags) {
      profilZeigen($("profil"), ags, zustand.lesen("schema"));
    },
  };

  karte.angebote(angebote, kategorien, (p) => {
    const s = zustand.laden();
    const zeilen = [
      `<strong>${html(p.name)}</strong>`,
      html(p.kategorie_bezeichnung),
      p.traeger ? `Träger: ${html(p.traeger)}` : "",
      html([p.strasse, [p.plz, p.ort].filter(Boolean).join(" ")].filter(Boolean).join(", ")),
      p.beispiel ? "<em>Beispieldaten</em>" : "",
    ].filter(Boolean);
    if (s.ansicht === "szenario" && p.kategorie === s.kategorie) {
      const zu = entfernte(s).includes(p.id);
      zeilen.push(`<button type="button" class="szenario-schalter" data-id="${html(p.id)}">${zu ? "im Szenario wieder öffnen" : "im Szenario schließen"}</button>`);
    }
    return zeilen.join("<br>");
  });
  karte.karte.on("popupopen", (e) => {
    const b = e.popup.getElement()?.querySelector(".szenario-schalter");
    if (!b) return;
    b.addEventListener("click", () => {
      const weg = entfernte(zustand.laden());
      const neu = weg.includes(b.dataset.id) ? weg.filter((x) => x !== b.dataset.id) : [...weg, b.dataset.id];
      karte.karte.closePopup();
      zustand.setzen({ weg: neu.join(",") });
    });
  });

  function schalterZeichnen() {
    const an = zustand.lesen("angebote").split(",").filter(Boolean);
    $("angebote-schalter").innerHTML = kategorien
      .filter((k) => k.anzahl > 0)
      .map((k) => `<label class="ankreuzen"><input type="checkbox" value="${k.id}" ${an.includes(k.id) ? "checked" : ""}><span class="marker-angebot" style="background:${k.farbe};color:${schriftFarbe(k.farbe)};width:20px;height:20px" aria-hidden="true">${html(k.symbol)}</span> ${html(k.bezeichnung)} (${k.anzahl}${k.beispiel ? ", Beispieldaten" : ""})</label>`)
      .join("");
    for (const k of kategorien) karte.angeboteZeigen(k.id, an.includes(k.id));
    legendeZeichnen();
  }
  $("angebote-schalter").addEventListener("change", () => {
    const an = [...document.querySelectorAll("#angebote-schalter input:checked")].map((i) => i.value);
    zustand.setzen({ angebote: an.join(",") }, { melden: false });
    schalterZeichnen();
  });

  for (const a of ANSICHTEN) a.einrichten?.(ctx);
  karte.beiEinheit = (p) => {
    if (p.art === "kommune") ctx.profil(p.id);
  };
  karte.beiKlick = (latlng) => aktuelleAnsicht?.klick?.(latlng, ctx);
  $("kommune-wahl").addEventListener("change", (e) => {
    if (e.target.value) ctx.profil(e.target.value);
    e.target.value = "";
  });
  tabelle.beiZeile = (id) => {
    if (/^\d{8}$/.test(id) && !id.endsWith("000")) ctx.profil(id);
  };
  $("profil-schliessen").addEventListener("click", () => $("profil").close());
  // Prepared for the print dialog (button or Ctrl+P), a print layout is undone after it;
  // prepared by a script (window.sozialraum), it stays until the script ends it.
  let fuerDialog = false;
  // The profile prints from a plain section of the page, not from the modal dialog (which
  // stays in the browser's top layer, centred, and loses its top on paper).
  const profilDruck = {
    vorbereiten() {
      const blatt = $("profil-druck");
      blatt.innerHTML = `<h1>${html($("profil-titel").textContent)}</h1>${$("profil-inhalt").innerHTML}`;
      blatt.hidden = false;
      $("seitenformat").textContent = "@page { size: A4 portrait; margin: 12mm; }";
      if ($("profil").open) $("profil").close();
      document.body.classList.add("drucke-profil");
    },
    beenden() {
      if (!document.body.classList.contains("drucke-profil")) return;
      document.body.classList.remove("drucke-profil");
      $("profil-druck").hidden = true;
      $("profil").showModal();
    },
  };
  $("profil-drucken").addEventListener("click", () => {
    profilDruck.vorbereiten();
    fuerDialog = true;
    window.print();
  });

  // Tabs with arrow keys.
  const reiter = [...document.querySelectorAll('[role="tab"]')];
  for (const r of reiter) {
    r.addEventListener("click", () => zustand.setzen({ ansicht: r.dataset.ansicht }));
    r.addEventListener("keydown", (e) => {
      const i = reiter.indexOf(r);
      const ziel = e.key === "ArrowRight" ? reiter[(i + 1) % reiter.length] : e.key === "ArrowLeft" ? reiter[(i + reiter.length - 1) % reiter.length] : null;
      if (ziel) {
        e.preventDefault();
        ziel.focus();
        zustand.setzen({ ansicht: ziel.dataset.ansicht });
      }
    });
  }

  // Presentation mode: the map fills the screen below the title; no editing controls.
  const praesentation = (an) => {
    document.body.classList.toggle("praesentation", an);
    $("praesentation").setAttribute("aria-pressed", String(an));
    $("praesentation").textContent = an ? "Präsentation beenden" : "Präsentation";
    requestAnimationFrame(() => karte.einpassen());
  };
  $("praesentation").addEventListener("click", () => {
    const an = !document.body.classList.contains("praesentation");
    zustand.setzen({ praesentation: an ? "1" : "" }, { melden: false });
    praesentation(an);
    if (an && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    if (!an && document.fullscreenElement) document.exitFullscreen().catch(() => {});
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && document.body.classList.contains("praesentation") && !$("profil").open) {
      zustand.setzen({ praesentation: "" }, { melden: false });
      praesentation(false);
    }
  });
  // In presentation the whole Kreis stays in view whenever the map's size changes (window
  // resized, title wrapped to another line).
  let anstehend = false;
  new ResizeObserver(() => {
    if (anstehend || druck.aktiv || !document.body.classList.contains("praesentation")) return;
    anstehend = true;
    requestAnimationFrame(() => {
      anstehend = false;
      karte.einpassen();
      karte.namenEntzerren();
    });
  }).observe($("karte"));
  for (const [id, k] of [["titel-eingabe", "titel"], ["untertitel-eingabe", "untertitel"]]) {
    $(id).addEventListener("input", (e) => {
      zustand.setzen({ [k]: e.target.value }, { melden: false });
      titelSetzen();
    });
  }
  for (const [id, k] of [["papier", "papier"], ["ausrichtung", "ausrichtung"]]) {
    $(id).addEventListener("change", (e) => zustand.setzen({ [k]: e.target.value }, { melden: false }));
  }

  // Printing: one sheet per map, the Kreis fitted into the printable frame.
  const blatt = () => ({ papier: zustand.lesen("papier"), hoch: zustand.lesen("ausrichtung") === "hoch" });
  $("drucken").addEventListener("click", () => {
    druck.vorbereiten(blatt());
    fuerDialog = true;
    window.print();
  });
  window.addEventListener("beforeprint", () => {
    if (druck.aktiv || document.body.classList.contains("drucke-profil")) return;
    druck.vorbereiten(blatt());
    fuerDialog = true;
  });
  window.addEventListener("afterprint", () => {
    if (!fuerDialog) return;
    fuerDialog = false;
    druck.beenden();
    profilDruck.beenden();
  });
  // For scripts and the browser tests: the map, and print preparation without a print dialog.
  window.sozialraum = {
    karte: karte.karte,
    druck: { vorbereiten: (b = blatt()) => druck.vorbereiten(b), beenden: () => druck.beenden() },
    profilDruck,
  };

  let automatischerTitel = "";
  function titelSetzen() {
    const s = zustand.laden();
    $("titel").textContent = s.titel || konfiguration.titel;
    $("untertitel").textContent = s.untertitel || automatischerTitel;
    // The fields hold only what the planner typed; the automatic title is their placeholder.
    if (document.activeElement !== $("titel-eingabe")) $("titel-eingabe").value = s.titel;
    if (document.activeElement !== $("untertitel-eingabe")) $("untertitel-eingabe").value = s.untertitel;
    $("titel-eingabe").placeholder = konfiguration.titel;
    $("untertitel-eingabe").placeholder = automatischerTitel;
  }

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
    schalterZeichnen();
    $("papier").value = s.papier;
    $("ausrichtung").value = s.ausrichtung;
    const meinLauf = ++lauf;
    status("Lade …");
    try {
      const r = await ansicht.zeigen(ctx, s);
      if (meinLauf !== lauf) return;
      automatischerTitel = r?.titel || "";
      $("dateien").innerHTML = r?.dateien?.length
        ? `<h2>Herunterladen</h2><ul class="liste">${r.dateien.map((d) => `<li><a href="${html(d.href)}" download>${html(d.text)}</a></li>`).join("")}</ul>`
        : "";
      titelSetzen();
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
