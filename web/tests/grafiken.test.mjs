// Charts in the page: each chart's values equal the API's, hidden values are text and never a
// bar, and a unit hovered or focused anywhere is highlighted in map, chart and table. Printed
// charts are checked as rendered by poppler.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, api, artefakte, bereit, bildSpeichern, pdfSeiten, pdfText, sitzung } from "./hilfen.mjs";

let dienst;
let b;
let seite;

sitzung((x) => ({ dienst, b, seite } = x));

/** The marks of a chart: id, value and label. */
const marken = (figur) =>
  seite.$$eval(`${figur} .diagramm-element`, (els) => els.map((e) => ({ id: e.dataset.id, wert: e.dataset.wert, x: e.dataset.x, y: e.dataset.y, jahr: e.dataset.jahr, label: e.getAttribute("aria-label"), balken: e.querySelectorAll("rect:not(.diagramm-zeile)").length })));

const hervorgehoben = () =>
  seite.evaluate(() => ({
    karte: [...document.querySelectorAll("#karte .einheit.hervorgehoben")].map((e) => e.dataset.id),
    grafik: [...document.querySelectorAll("#grafiken .diagramm-element.hervorgehoben")].map((e) => e.dataset.id),
    tabelle: [...document.querySelectorAll("#daten-tabelle tr.hervorgehoben")].map((e) => e.dataset.id),
  }));

test("Rangfolge: Werte wie die API, höchster zuerst, Kreiswert als Linie; verknüpft mit Karte und Tabelle", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=indikator&indikator=kinderarmut");
  const karte = await api(dienst.url, "/api/indikatoren/kinderarmut?ebene=kommune");
  const m = await marken("#grafik-rangfolge");
  assert.equal(m.length, karte.features.length);
  const soll = karte.features.map((f) => ({ id: f.properties.id, wert: f.properties.wert })).sort((a, c) => c.wert - a.wert);
  assert.deepEqual(m.map((x) => [x.id, Number(x.wert)]), soll.map((x) => [x.id, x.wert]));
  for (const x of m) assert.equal(x.balken, 1, x.label);
  const ref = await seite.$eval("#grafik-rangfolge .diagramm-referenz", (e) => Number(e.dataset.wert));
  assert.equal(ref, karte.legende.kreiswert.wert);
  // Hover a bar: the Kommune is highlighted in the map and the table too.
  const herborn = karte.features.find((f) => f.properties.name === "Herborn").properties.id;
  await seite.hover(`#grafik-rangfolge .diagramm-element[data-id="${herborn}"]`);
  assert.deepEqual(await hervorgehoben(), { karte: [herborn], grafik: [herborn], tabelle: [herborn] });
  // Hover the map: the bar follows.
  const wetzlar = karte.features.find((f) => f.properties.name === "Wetzlar").properties.id;
  await seite.dispatchEvent(`#karte .einheit[data-id="${wetzlar}"]`, "mouseover");
  assert.deepEqual((await hervorgehoben()).grafik, [wetzlar]);
  // Keyboard: Tab moves from one bar to the next, and focus highlights as hovering does.
  await seite.focus(`#grafik-rangfolge .diagramm-element[data-id="${soll[0].id}"]`);
  await seite.keyboard.press("Tab");
  const fokus = await seite.evaluate(() => document.activeElement.dataset.id);
  assert.equal(fokus, soll[1].id);
  assert.deepEqual(await hervorgehoben(), { karte: [soll[1].id], grafik: [soll[1].id], tabelle: [soll[1].id] });
  // The time series follows the highlighted Kommune and shows the profile's values.
  await seite.waitForFunction((id) => document.querySelector(`#reihe-bild .diagramm-element[data-id="${id}"]`), soll[1].id);
  const profil = await api(dienst.url, `/api/profil/${soll[1].id}`);
  const reihe = profil.indikatoren.find((i) => i.id === "kinderarmut").zeitreihe;
  const punkte = (await marken("#grafik-zeitreihe")).filter((x) => x.id === soll[1].id);
  assert.deepEqual(punkte.map((p) => [Number(p.jahr), Number(p.wert)]), reihe.filter((r) => r.wert !== null).map((r) => [r.jahr, r.wert]));
  const kreispunkte = (await marken("#grafik-zeitreihe")).filter((x) => x.id !== soll[1].id);
  assert.deepEqual(kreispunkte.map((p) => Number(p.wert)), reihe.filter((r) => r.kreiswert !== null).map((r) => r.kreiswert));
  await seite.mouse.move(5, 5);
  await bildSpeichern(seite, "grafiken-kinderarmut");
  await seite.$eval("#grafiken", (e) => e.scrollIntoView());
  await seite.screenshot({ path: join(artefakte, "grafiken-kinderarmut-bereich.png"), fullPage: false });
});

test("Verborgene Werte stehen als „nicht ausgewiesen“ in der Grafik, nie als Balken der Länge 0", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=indikator&indikator=hze_beispiel");
  const karte = await api(dienst.url, "/api/indikatoren/hze_beispiel?ebene=kommune");
  const verborgen = karte.features.filter((f) => f.properties.status === "nicht_ausgewiesen").map((f) => f.properties.id);
  assert.ok(verborgen.length > 0);
  const m = await marken("#grafik-rangfolge");
  for (const id of verborgen) {
    const x = m.find((y) => y.id === id);
    assert.equal(x.balken, 0, x.label);
    assert.equal(x.wert, "");
    assert.match(x.label, /nicht ausgewiesen/);
  }
  // Hidden ones come last, after every shown value.
  const erste = m.findIndex((x) => x.wert === "");
  assert.ok(m.slice(erste).every((x) => x.wert === ""));
  assert.match(await seite.$eval("#grafik-rangfolge figcaption", (e) => e.textContent), /Beispieldaten/);
});

test("Bedarf × Versorgung als Streudiagramm mit den Werten der API; Kommunen ohne Wert sind genannt", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=bedarf&bedarf=hze_beispiel&kategorie=familienzentrum");
  const v = await api(dienst.url, "/api/bedarf-angebot?indikator=hze_beispiel&kategorie=familienzentrum&zielgruppe=unter18&schwelle=2000");
  const m = await marken("#grafik-streuung");
  const mit = v.features.filter((f) => f.properties.wert !== null && f.properties.anteil !== null);
  assert.deepEqual(
    m.map((x) => [x.id, Number(x.x), Number(x.y)]).sort(),
    mit.map((f) => [f.properties.id, f.properties.wert, f.properties.anteil]).sort(),
  );
  const ohne = v.features.filter((f) => f.properties.wert === null || f.properties.anteil === null);
  assert.ok(ohne.length > 0);
  const text = await seite.$eval("#grafik-streuung .nicht-im-diagramm", (e) => e.textContent);
  for (const f of ohne) assert.ok(text.includes(f.properties.name), f.properties.name);
  await seite.hover(`#grafik-streuung .diagramm-element[data-id="${mit[0].properties.id}"] circle`);
  assert.deepEqual((await hervorgehoben()).tabelle, [mit[0].properties.id]);
  await seite.mouse.move(5, 5);
  await seite.$eval("#grafiken", (e) => e.scrollIntoView());
  await seite.screenshot({ path: join(artefakte, "grafiken-bedarf.png"), fullPage: false });
});

test("Grafiken drucken: eigene A4-Seiten mit den Grafiken und ihren Werten, ohne Karte", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=indikator&indikator=kinderarmut");
  await seite.waitForSelector("#reihe-bild svg");
  await seite.evaluate(() => window.sozialraum.grafikenDruck.vorbereiten());
  const pfad = join(artefakte, "grafiken-druck.pdf");
  writeFileSync(pfad, await seite.pdf({ preferCSSPageSize: true, printBackground: true }));
  await seite.evaluate(() => window.sozialraum.grafikenDruck.beenden());
  const n = pdfSeiten(pfad);
  assert.ok(n >= 1 && n <= 3, `${n} Seiten`);
  const text = Array.from({ length: n }, (_, i) => pdfText(pfad, i + 1)).join("\n");
  assert.match(text, /Rangfolge der Kommunen/);
  assert.match(text, /Zeitreihe/);
  assert.ok(!text.includes("OGC API"), "die Seite selbst wird mitgedruckt");
  const karte = await api(dienst.url, "/api/indikatoren/kinderarmut?ebene=kommune");
  for (const f of karte.features) assert.ok(text.includes(f.properties.name), f.properties.name);
});

test("Präsentation: die Grafiken nehmen den Platz der Karte ein, groß genug für den Saal", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=indikator&indikator=kinderarmut");
  await seite.setViewportSize({ width: 1920, height: 1080 });
  await seite.click("#praesentation");
  await seite.click("#praesentation-grafik");
  const m = await seite.evaluate(() => {
    const t = document.querySelector("#grafik-rangfolge .diagramm-element text");
    return { karte: document.getElementById("karte").offsetHeight, schrift: t.getBoundingClientRect().height, sichtbar: document.getElementById("grafiken").offsetHeight };
  });
  assert.equal(m.karte, 0);
  assert.ok(m.sichtbar > 500, JSON.stringify(m));
  assert.ok(m.schrift >= 14, `Schrift ${m.schrift} px`);
  await bildSpeichern(seite, "grafiken-praesentation");
  // Back to the map: it is fitted again with every area drawn (a hidden map has no size).
  await seite.click("#praesentation-grafik");
  await seite.waitForTimeout(300);
  const karte = await seite.evaluate(() => ({
    zoom: window.sozialraum.karte.getZoom(),
    flaechen: [...document.querySelectorAll("#karte path.einheit")].filter((p) => /^M[\d.-]+ [\d.-]+/.test(p.getAttribute("d") || "")).length,
    hoehe: document.getElementById("karte").offsetHeight,
  }));
  assert.ok(Number.isFinite(karte.zoom), JSON.stringify(karte));
  assert.equal(karte.flaechen, 23, JSON.stringify(karte));
  assert.ok(karte.hoehe > 500, JSON.stringify(karte));
  await seite.click("#praesentation");
  await seite.setViewportSize({ width: 1280, height: 900 });
  await bereit(seite);
});
