// Browser tests of the planners' map page: the real service, Debian's Chromium (headless,
// loopback only), every value checked against what the API itself answers. Screenshots of the
// main views go to test-artefakte/ (not committed).

import assert from "node:assert/strict";
import { test } from "node:test";
import { ansichtOeffnen, api, bereit, bildSpeichern, sitzung } from "./hilfen.mjs";

let dienst;
let b;
let seite;

const de1 = (x) => Number(x).toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

sitzung((x) => ({ dienst, b, seite } = x));

const oeffnen = (hash = "") => ansichtOeffnen(seite, dienst, hash);

/** The text of the table cell of one row (by data-id) and column. */
async function zelle(id, spalte) {
  return seite.locator(`#daten-tabelle tbody tr[data-id="${id}"] td[data-spalte="${spalte}"]`).first().textContent();
}

test("die Seite lädt mit 23 Kommunen, Legende und Angeboten", async () => {
  await oeffnen();
  assert.equal(await seite.locator("path.einheit-kommune").count(), 23);
  assert.match(await seite.textContent("#legende"), /Kinderarmut \(SGB II\) \(2022\)/);
  // The example Familienzentren on the official INKAR map: a legend entry and the mark.
  assert.match(await seite.textContent("#legende"), /Angebote auf der Karte.*Familienzentrum.*Beispieldaten/s);
  assert.equal(await seite.isVisible("#beispiel-hinweis"), true);
  assert.equal(await seite.locator(".marker-angebot").count() >= 12, true);
  assert.match(await seite.textContent("h1"), /Lahn-Dill-Kreis/);
  await bildSpeichern(seite, "1-indikator-kinderarmut");
});

test("die Links zum Herunterladen liefern Karte und Daten der gezeigten Ansicht", async () => {
  await oeffnen("#indikator=kinderarmut&jahr=2021");
  const links = await seite.locator("#dateien a").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(links.length >= 5, links.join(" "));
  for (const href of links) {
    const r = await fetch(href);
    assert.equal(r.status, 200, href);
    const typ = r.headers.get("content-type");
    assert.match(typ, /image\/png|image\/svg|geopackage|zip|csv|application\/pdf/, href);
  }
  assert.ok(links.some((l) => l.includes("jahr=2021")), "the year shown");
});

test("ein anderer Indikator ändert Legende und Farben auf die Werte der API", async () => {
  await oeffnen();
  await seite.selectOption("#ind-id", "hze_beispiel");
  await bereit(seite);
  await seite.selectOption("#ind-jahr", "2024");
  await bereit(seite);
  const v = await api(dienst.url, "/api/indikatoren/hze_beispiel?jahr=2024&ebene=kommune&methode=quantile&klassen=5");
  for (const f of v.features) {
    const pfad = seite.locator(`path[data-id="${f.properties.id}"]`);
    const fill = await pfad.getAttribute("fill");
    if (f.properties.status === "nicht_ausgewiesen") {
      assert.equal(fill, "url(#schraffur-datenschutz)", f.properties.name);
    } else {
      assert.equal(fill, f.properties.farbe, f.properties.name);
    }
  }
  const legende = await seite.textContent("#legende");
  for (const k of v.legende.klassen) assert.ok(legende.includes(k.bezeichnung), k.bezeichnung);
  assert.match(legende, /nicht ausgewiesen \(Datenschutz\) \(2\)/);
  assert.equal(await seite.isVisible("#beispiel-hinweis"), true, "Beispieldaten-Hinweis");
  assert.equal(await zelle("06532019", "wert"), "nicht ausgewiesen (Datenschutz)");
  await bildSpeichern(seite, "2-indikator-hze-datenschutz");
});

test("die Tabelle zeigt dieselben Zahlen wie die Karte", async () => {
  await oeffnen("#indikator=kinderarmut&jahr=2022");
  const v = await api(dienst.url, "/api/indikatoren/kinderarmut?jahr=2022");
  assert.equal(await seite.locator("#daten-tabelle tbody tr").count(), 23);
  for (const f of v.features) {
    // As the service wrote it (the decimals that separate values from class limits).
    assert.equal(await zelle(f.properties.id, "wert"), f.properties.wert_text.replace(` ${v.indikator.einheit}`, ""), f.properties.name);
    assert.equal(await zelle(f.properties.id, "klasse"), String(f.properties.klasse + 1));
  }
  // Sorting by value with the keyboard puts the largest value first on the second press.
  const knopf = seite.locator('#daten-tabelle th button[data-spalte="wert"]');
  await knopf.focus();
  await seite.keyboard.press("Enter");
  await seite.locator('#daten-tabelle th button[data-spalte="wert"]').focus();
  await seite.keyboard.press("Enter");
  const max = v.features.reduce((m, f) => (f.properties.wert > m.properties.wert ? f : m));
  assert.equal(await seite.locator("#daten-tabelle tbody tr").first().getAttribute("data-id"), max.properties.id);
});

test("ein Klick auf eine Kommune öffnet ihr Profil, auch mit der Tastatur", async () => {
  await oeffnen();
  await seite.locator('path[data-id="06532012"]').click();
  await seite.waitForSelector("#profil[open]");
  await seite.waitForFunction(() => document.getElementById("profil-titel").textContent === "Herborn (Stadt)");
  const text = await seite.textContent("#profil-inhalt");
  assert.match(text, /20\.084 Einwohnerinnen und Einwohner/);
  assert.match(text, /Indikatoren im Vergleich zum Kreis/);
  assert.match(text, /Beispiel-Familienzentrum Herborn/);
  assert.equal(await seite.locator("#profil svg.zeitreihe").count() >= 4, true, "Zeitreihen");
  await bildSpeichern(seite, "3-profil-herborn");
  await seite.click("#profil-schliessen");
  await seite.locator('path[data-id="06532019"]').focus();
  await seite.keyboard.press("Enter");
  await seite.waitForFunction(() => document.getElementById("profil-titel").textContent.startsWith("Siegbach"));
  await seite.click("#profil-schliessen");
});

test("der Regler der Versorgung ändert die Zahlen wie die API sie rechnet", async () => {
  await oeffnen("#ansicht=versorgung");
  for (const schwelle of [1000, 5000]) {
    await seite.locator("#vers-schwelle").evaluate((el, w) => {
      el.value = String(w);
      el.dispatchEvent(new Event("input"));
      el.dispatchEvent(new Event("change"));
    }, schwelle);
    await seite.waitForFunction((w) => document.getElementById("tabelle-titel").textContent.includes(w), schwelle === 1000 ? "1,0 km" : "5,0 km");
    await bereit(seite);
    const a = await api(dienst.url, `/api/abdeckung?kategorie=familienzentrum&zielgruppe=unter18&schwellen=${schwelle}`);
    const herborn = a.einheiten.find((e) => e.id === "06532012");
    assert.equal(await zelle("06532012", "anteil"), `${de1(herborn[`anteil_${schwelle}`] * 100)} %`, `Schwelle ${schwelle}`);
    assert.match(await seite.textContent("#legende"), new RegExp(`Umkreis von ${schwelle === 1000 ? "1,0" : "5,0"} km`));
  }
  assert.equal(await seite.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 23, true);
  await bildSpeichern(seite, "4-versorgung-5km");
});

test("ein geplanter Standort ändert die Versorgung der Kommune, in der er liegt", async () => {
  await oeffnen("#ansicht=szenario");
  // A point in Leun (the API below confirms where it lies), which has no Familienzentrum.
  await seite.click("#sz-setzen");
  const punkt = await seite.evaluate(() => {
    const p = window.sozialraum.karte.latLngToContainerPoint([50.5446, 8.3688]);
    return { x: p.x, y: p.y };
  });
  const box = await seite.locator("#karte").boundingBox();
  await seite.mouse.click(box.x + punkt.x, box.y + punkt.y);
  await seite.waitForFunction(() => location.hash.includes("plan="));
  await bereit(seite);
  const antwort = await (await fetch(`${dienst.url}/api/szenario`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ kategorie: "familienzentrum", zielgruppe: "unter18", schwellen: [2000], hinzufuegen: [{ lon: 8.3688, lat: 50.5446 }] }),
  })).json();
  assert.equal(antwort.szenario.hinzugefuegt[0].kommune, "Leun");
  const e = antwort.einheiten.find((x) => x.id === "06532016");
  assert.ok(e.differenz.anteil_2000 > 0);
  const text = await zelle("06532016", "differenz");
  assert.equal(text, `+${de1(e.differenz.anteil_2000 * 100)}`);
  assert.equal(await seite.locator(".marker-szenario").count(), 1);
  assert.match(await seite.textContent("#sz-liste"), /Leun/);
  await bildSpeichern(seite, "5-szenario-leun");
  await seite.click("#sz-zuruecksetzen");
  await bereit(seite);
  assert.equal(await seite.locator(".marker-szenario").count(), 0);
});

test("in der Nähe eines Ortes stehen die nächsten Angebote mit Entfernung", async () => {
  await oeffnen("#ansicht=naehe");
  const punkt = await seite.evaluate(() => {
    const p = window.sozialraum.karte.latLngToContainerPoint([50.75, 8.29]);
    return { x: p.x, y: p.y };
  });
  const box = await seite.locator("#karte").boundingBox();
  await seite.mouse.click(box.x + punkt.x, box.y + punkt.y);
  await seite.waitForSelector("#naehe-drucken:not([hidden])");
  await bereit(seite);
  // The place clicked is in the input fields, never in the URL.
  assert.ok(!(await seite.evaluate(() => location.hash)).includes("lon="));
  const lon = (await seite.inputValue("#naehe-lon")).replace(",", ".");
  const lat = (await seite.inputValue("#naehe-lat")).replace(",", ".");
  const n = await api(dienst.url, `/api/naechste?lon=${lon}&lat=${lat}&kategorie=schule&k=3`);
  const text = await seite.textContent("#kennzahlen");
  assert.ok(text.includes(n.features[0].properties.name), n.features[0].properties.name);
  await bildSpeichern(seite, "6-naehe");
});

test("Bedarf × Versorgung zeigt die 3 × 3-Legende und die Vorrangliste der API", async () => {
  await oeffnen("#ansicht=bedarf");
  const v = await api(dienst.url, "/api/bedarf-angebot?indikator=kinderarmut&kategorie=familienzentrum&zielgruppe=unter18&schwelle=2000");
  assert.equal(await seite.locator("#legende .bivariat .z").count(), 9);
  const liste = await seite.locator("#bed-liste li").allTextContents();
  assert.equal(liste.length, v.prioritaeten.length);
  v.prioritaeten.forEach((p, i) => assert.ok(liste[i].startsWith(p.name), `${i}: ${liste[i]}`));
  await bildSpeichern(seite, "7-bedarf-versorgung");
});

test("der Präsentationsmodus zeigt Titel, Legende, Maßstab, Nordpfeil und Quelle", async () => {
  await oeffnen("#indikator=hze_beispiel&jahr=2024");
  await seite.click(".ausgabe summary");
  await seite.fill("#titel-eingabe", "Jugendhilfeausschuss 12/2026");
  await seite.fill("#untertitel-eingabe", "Hilfen zur Erziehung (Beispiel)");
  await seite.click("#praesentation");
  assert.equal(await seite.evaluate(() => document.body.classList.contains("praesentation")), true);
  assert.equal(await seite.textContent("#titel"), "Jugendhilfeausschuss 12/2026");
  for (const sel of [".karten-legende", ".leaflet-control-scale", ".nordpfeil", ".kartenquelle"]) {
    assert.equal(await seite.isVisible(sel), true, sel);
  }
  assert.match(await seite.textContent(".kartenquelle"), /Quelle: Beispieldaten/);
  assert.match(await seite.textContent(".kartenquelle"), /nicht ausgewiesen/);
  assert.equal(await seite.isVisible(".steuerung"), false);
  assert.match(await seite.evaluate(() => location.hash), /titel=Jugendhilfeausschuss/);
  await seite.waitForTimeout(300);
  await bildSpeichern(seite, "8-praesentation");
  // The bookmarked URL brings the same view back.
  const url = seite.url();
  await seite.goto("about:blank");
  await seite.goto(url);
  await bereit(seite);
  assert.equal(await seite.evaluate(() => document.body.classList.contains("praesentation")), true);
  assert.equal(await seite.textContent("#titel"), "Jugendhilfeausschuss 12/2026");
  assert.equal(await seite.inputValue("#ind-jahr"), "2024");
  await seite.keyboard.press("Escape");
  assert.equal(await seite.evaluate(() => document.body.classList.contains("praesentation")), false);
});

test("bis hierher gab es keine Konsolenfehler und keine fehlgeschlagenen Anfragen", () => {
  const echt = b.fehler.filter((f) => !f.includes("net::ERR_ABORTED"));
  assert.deepEqual(echt, []);
});

test("eine abgelehnte Anfrage erklärt sich auf Deutsch", async () => {
  await seite.goto("about:blank");
  await seite.goto(`${dienst.url}/#indikator=kinderarmut&methode=manuell&grenzen=20,10`);
  await seite.waitForFunction(() => document.getElementById("status").classList.contains("fehler"));
  assert.match(await seite.textContent("#status"), /aufsteigend/);
});
