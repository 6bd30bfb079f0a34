// The page on the test area north of Bayreuth with a path and road network: the measure list
// offers the profiles, coverage in minutes shows the API's figures, and a click on the map or
// the button of an offer draws its catchment areas with the API's persons.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, api, bereit, bildSpeichern, programm, sitzung, wurzel } from "./hilfen.mjs";

const gebiet = join(wurzel, "geodata/testgebiet-bayreuth");
let dienst;
let seite;

sitzung(
  (x) => ({ dienst, seite } = x),
  () => {
    const speicher = join(mkdtempSync(join(tmpdir(), "sozialraum-netz-")), "sozialraum.gpkg");
    execFileSync(programm(), ["import", "netz", "--von", join(gebiet, "north-bayreuth.osm.pbf"), "--daten", gebiet, "--speicher", speicher], { stdio: "ignore" });
    return ["--daten", gebiet, "--speicher", speicher];
  },
);

const polygone = () => seite.$$eval("#karte path.einzugsbereich", (els) => els.map((e) => Number(e.dataset.minuten)));

test("Mit Netz bietet die Versorgung die Profile an; in Minuten zeigt die Tabelle die Werte der API", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=versorgung&kategorie=kita&zielgruppe=unter10");
  const optionen = await seite.$$eval("#vers-umweg option", (os) => os.map((o) => o.value));
  assert.deepEqual(optionen, ["1", "1.2", "1.3", "1.4", "fuss", "rad", "auto"]);
  assert.equal(await seite.isHidden("#vers-netz"), true);
  await seite.selectOption("#vers-umweg", "fuss");
  await bereit(seite);
  await seite.selectOption("#vers-einheit", "min");
  await bereit(seite);
  await seite.click('#vers-baender button[data-schwelle="10"]');
  await bereit(seite);
  assert.match(await seite.textContent("#tabelle-titel"), /mit einem Angebot in 10 min \(zu Fuß\)/);
  const soll = await api(dienst.url, "/api/abdeckung?kategorie=kita&zielgruppe=unter10&mass=fuss&minuten=10&ebene=kommune");
  const zeilen = await seite.$$eval("#daten-tabelle tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("th,td")].map((c) => c.textContent.trim())));
  for (const e of soll.einheiten) {
    const z = zeilen.find((r) => r[0] === e.name);
    assert.ok(z, e.name);
    const text = e.anteil_10min === null ? "nicht ausgewiesen" : `${(e.anteil_10min * 100).toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
    assert.equal(z[2], text, e.name);
  }
  assert.match(await seite.textContent("#karte .kartenquelle"), /OpenStreetMap/);
  await bildSpeichern(seite, "netz-versorgung-minuten");
});

test("Ein Klick in die Karte zeigt den Einzugsbereich des Orts: drei Flächen, Personen wie die API", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=versorgung&kategorie=kita&zielgruppe=einwohner&mass=fuss");
  const box = await seite.$eval("#karte", (k) => k.getBoundingClientRect().toJSON());
  await seite.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.5);
  await seite.waitForSelector("#vers-einzug table");
  assert.deepEqual(await polygone(), [15, 10, 5]);
  const ort = await seite.evaluate(() => document.querySelector("#vers-einzug caption").textContent);
  const [lon, lat] = ort.match(/Ort ([\d,]+) \/ ([\d,]+)/).slice(1).map((t) => Number(t.replace(",", ".")));
  const v = await api(dienst.url, `/api/isochronen?lon=${lon}&lat=${lat}&mass=fuss&zielgruppe=einwohner`);
  const personen = await seite.$$eval("#vers-einzug tbody tr", (trs) => trs.map((tr) => tr.children[1].textContent.trim()));
  const soll = [...v.features].reverse().map((f) => (f.properties.personen === null ? "nicht ausgewiesen" : f.properties.personen.toLocaleString("de-DE")));
  assert.deepEqual(personen, soll);
  // The areas lie where the API says: the smallest one is drawn around the clicked place.
  const klein = await seite.$eval('#karte path.einzugsbereich[data-minuten="5"]', (p) => p.getBoundingClientRect().toJSON());
  assert.ok(klein.width > 10 && klein.height > 10, JSON.stringify(klein));
  await bildSpeichern(seite, "netz-einzugsbereich-klick");
  await seite.click("#vers-einzug .einzug-weg");
  assert.deepEqual(await polygone(), []);
});

test("Das Angebot hat einen Knopf „Einzugsbereich“, der seine Flächen zeichnet", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=versorgung&kategorie=kita&mass=rad&angebote=kita");
  await seite.click(".marker-angebot[data-id] >> nth=0", { force: true });
  await seite.click(".einzug-schalter");
  await seite.waitForSelector(".einzug-popup table");
  assert.deepEqual(await polygone(), [15, 10, 5]);
  assert.match(await seite.textContent(".einzug-popup caption"), /mit dem Rad/);
  assert.match(await seite.textContent(".einzug-popup caption"), /Evangelische Kindertagesstätte Harsdorf/);
  // The grown popup is whole inside the map's frame (the map pans down when it grows upwards).
  const [popup, karte] = await Promise.all([".leaflet-popup", "#karte"].map((w) => seite.$eval(w, (e) => e.getBoundingClientRect().toJSON())));
  assert.ok(popup.top >= karte.top, `Popup oben ${popup.top} < Karte ${karte.top}`);
  await bildSpeichern(seite, "netz-einzugsbereich-angebot");
});

test("Standortvorschläge im Netz nennen das Maß und die Quelle des Wegenetzes", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=standorte&kategorie=kita&zielgruppe=einwohner&mass=fuss&schwelle=1000");
  assert.match(await seite.textContent("#legende"), /versorgt heißt: höchstens 1,0 km .*zu Fuß/);
  assert.match(await seite.textContent(".leaflet-control-attribution"), /OpenStreetMap/);
  await bildSpeichern(seite, "netz-standorte");
  // In minutes: the select offers the catchment minutes, and today's share is the API's.
  await ansichtOeffnen(seite, dienst, "#ansicht=standorte&kategorie=kita&zielgruppe=einwohner&mass=fuss&einheit=min&minuten=10");
  assert.deepEqual(await seite.$$eval("#st-schwelle option", (os) => os.map((o) => o.textContent)), ["5 min", "10 min", "15 min"]);
  const v = await api(dienst.url, "/api/standortvorschlag?kategorie=kita&zielgruppe=einwohner&mass=fuss&minuten=10&anzahl=3&kandidaten=zellen");
  const heute = `${(v.vorher.anteil * 100).toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
  assert.match(await seite.textContent("#kennzahlen"), new RegExp(`Heute mit einem Angebot in 10 min: ${heute.replace(".", "\\.")}`));
  assert.match(await seite.textContent("#legende"), /versorgt heißt: höchstens 10 min/);
  await ansichtOeffnen(seite, dienst, "#ansicht=indikator");
  assert.doesNotMatch(await seite.textContent(".leaflet-control-attribution"), /OpenStreetMap/);
});

test("Das Szenario rechnet in Minuten, wenn in der Versorgung Minuten gewählt sind, mit den Zahlen der API", async () => {
  const kita = (await api(dienst.url, "/api/angebote?kategorie=kita")).features[0].properties.id;
  await ansichtOeffnen(seite, dienst, `#ansicht=szenario&kategorie=kita&zielgruppe=einwohner&mass=fuss&einheit=min&minuten=10&weg=${kita}`);
  assert.deepEqual(await seite.$$eval("#sz-schwelle option", (os) => os.map((o) => o.textContent)), ["5 min", "10 min", "15 min"]);
  assert.equal(await seite.inputValue("#sz-schwelle"), "10");
  assert.match(await seite.textContent("#legende"), /mit einem Angebot in 10 min \(zu Fuß\)/);
  const soll = await (await fetch(`${dienst.url}/api/szenario`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kategorie: "kita", zielgruppe: "einwohner", minuten: [10], mass: "fuss", entfernen: [kita], ebene: "kommune" }) })).json();
  const zeilen = await seite.$$eval("#daten-tabelle tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("th,td")].map((c) => c.textContent.trim())));
  let verglichen = 0;
  for (const e of soll.einheiten.filter((x) => x.ausgewiesen)) {
    const z = zeilen.find((r) => r[0] === e.name);
    assert.ok(z, e.name);
    assert.equal(z[2], `${(e.nachher.anteil_10min * 100).toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`, e.name);
    verglichen += 1;
  }
  assert.ok(verglichen > 0);
  await seite.selectOption("#sz-schwelle", "15");
  await bereit(seite);
  assert.match(await seite.evaluate(() => location.hash), /minuten=15/);
  assert.match(await seite.textContent("#legende"), /in 15 min/);
  await bildSpeichern(seite, "netz-szenario-minuten");
});

test("Ohne Bedarfsindikator im Datensatz sagt Bedarf × Versorgung, was fehlt", async () => {
  // The test area's indikatoren.csv has only a neutral indicator (density).
  const katalog = await api(dienst.url, "/api/indikatoren");
  assert.equal(katalog.indikatoren.filter((i) => i.polaritaet === "bedarf").length, 0);
  await seite.goto("about:blank");
  await seite.goto(`${dienst.url}/#ansicht=bedarf&kategorie=kita`);
  await seite.waitForFunction(() => document.getElementById("status").classList.contains("fehler"));
  assert.match(await seite.textContent("#status"), /keinen Bedarfsindikator \(Polarität „bedarf“ in indikatoren\.csv\)/);
  await bildSpeichern(seite, "netz-bedarf-ohne-indikator");
});
