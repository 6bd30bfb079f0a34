// What the views must not get wrong: every download link of every view answers, no critical
// accessibility error (axe-core), need × supply classes and legend as planners read them,
// example data always marked, only years with values, class limits that separate the values,
// scenarios whose legend follows the scenario, and German hints for wrong input.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, api, bereit, bildSpeichern, sitzung, wurzel } from "./hilfen.mjs";

let dienst;
let b;
let seite;

sitzung((x) => ({ dienst, b, seite } = x));

const oeffnen = (hash = "") => ansichtOeffnen(seite, dienst, hash);

const ANSICHTEN = [
  ["Indikator", "#indikator=kinderarmut&jahr=2021"],
  ["Indikator mit Datenschutz", "#indikator=hze_beispiel&jahr=2024&ebene=region"],
  ["Abgeleiteter Indikator", "#indikator=abdeckung&kategorie=familienzentrum&zielgruppe=unter10"],
  ["Versorgung mit Umwegfaktor", "#ansicht=versorgung&kategorie=familienzentrum&schwelle=5000&umweg=1.3"],
  ["In der Nähe", "#ansicht=naehe"],
  ["Szenario", "#ansicht=szenario&kategorie=familienzentrum&plan=8.38,50.6&weg=fz-beispiel-03"],
  ["Szenario als Änderung", "#ansicht=szenario&kategorie=familienzentrum&plan=8.38,50.6&szkarte=differenz"],
  ["Bedarf × Versorgung", "#ansicht=bedarf&bedarf=kinderarmut&kategorie=familienzentrum"],
];

const TYPEN = { png: /image\/png/, svg: /image\/svg\+xml/, gpkg: /geopackage/, zip: /zip/, csv: /text\/csv/, pdf: /application\/pdf/ };

test("jeder Link zum Herunterladen in jeder Ansicht liefert die Datei", async () => {
  let geprueft = 0;
  for (const [name, hash] of ANSICHTEN) {
    await oeffnen(hash);
    const links = await seite.locator("#dateien a").evaluateAll((as) => as.map((a) => ({ href: a.href, text: a.textContent })));
    if (!name.startsWith("In der Nähe")) assert.ok(links.some((l) => /Karte als PNG/.test(l.text)), `${name}: keine Karte zum Herunterladen`);
    for (const l of links) {
      const r = await fetch(l.href);
      const body = Buffer.from(await r.arrayBuffer());
      assert.equal(r.status, 200, `${name}: ${l.text} ${l.href}: ${body.toString().slice(0, 300)}`);
      const endung = new URL(l.href).pathname.split(".").pop();
      assert.match(r.headers.get("content-type"), TYPEN[endung], `${name}: ${l.href}`);
      assert.ok(body.length > 500, `${name}: ${l.href} fast leer`);
      geprueft++;
    }
  }
  assert.ok(geprueft >= 16, `nur ${geprueft} Links`);
});

test("axe-core findet in keiner Ansicht einen kritischen oder schweren Fehler", async () => {
  const axe = readFileSync(join(wurzel, "web/node_modules/axe-core/axe.min.js"), "utf8");
  const bericht = [];
  for (const [name, hash] of ANSICHTEN) {
    await oeffnen(hash);
    await seite.addScriptTag({ content: axe });
    const v = await seite.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((x) => ({ id: x.id, impact: x.impact, n: x.nodes.length, ziel: x.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const kritisch = v.filter((x) => x.impact === "critical" || x.impact === "serious");
    assert.deepEqual(kritisch, [], `${name}: ${JSON.stringify(kritisch)}`);
    bericht.push(`${name}: ${v.length ? v.map((x) => `${x.id} (${x.impact}, ${x.n})`).join(", ") : "keine Befunde"}`);
  }
  console.log(`axe-core:\n${bericht.join("\n")}`);
});

/** WCAG contrast of two "rgb(r, g, b)" colours. */
function kontrast(a, c) {
  const l = (t) => {
    const [r, g, bl] = t.match(/\d+/g).map(Number).map((x) => x / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [h, d] = [l(a), l(c)].sort((x, y) => y - x);
  return (h + 0.05) / (d + 0.05);
}

test("Bedarf × Versorgung: Gleichstände zusammen, feste Versorgungsgrenzen, lesbare Legende mit Achsen", async () => {
  await oeffnen("#ansicht=bedarf&bedarf=kinderarmut&kategorie=familienzentrum");
  const v = await api(dienst.url, "/api/bedarf-angebot?indikator=kinderarmut&kategorie=familienzentrum&zielgruppe=unter18&schwelle=2000");
  const nach = Object.fromEntries(v.features.map((f) => [f.properties.name, f.properties]));
  for (const n of ["Wetzlar", "Dietzhölztal", "Sinn"]) assert.equal(nach[n].versorgung, 1, `${n}: ${nach[n].anteil}`);
  assert.equal(nach.Dillenburg.versorgung, 2);
  // The legend is a table with column and row headers, a caption and numbers that contrast.
  const zellen = await seite.locator("#legende table.bivariat td.z").evaluateAll((tds) => tds.map((td) => {
    const s = getComputedStyle(td);
    return { farbe: s.color, grund: s.backgroundColor, text: td.textContent };
  }));
  assert.equal(zellen.length, 9);
  for (const z of zellen) assert.ok(kontrast(z.farbe, z.grund) >= 4.5, `Kontrast ${kontrast(z.farbe, z.grund).toFixed(2)} in ${JSON.stringify(z)}`);
  assert.equal(await seite.locator("#legende table.bivariat th[scope=col]").count(), 3);
  assert.equal(await seite.locator("#legende table.bivariat th[scope=row]").count(), 3);
  const legende = await seite.textContent("#legende");
  assert.match(legende, /Bedarf hoch/);
  assert.match(legende, /Versorgung.*gering/s);
  assert.match(legende, /unter 25 % gering, bis unter 50 % mittel, ab 50 % gut/);
  // The problem cell (high need, low supply) is the darkest colour of the map.
  const hell = (hex) => [1, 3, 5].reduce((s, i) => s + parseInt(hex.slice(i, i + 2), 16), 0);
  const problem = v.legende.find((l) => l.bedarf === 3 && l.versorgung === 1).farbe;
  assert.equal(Math.min(...v.legende.map((l) => hell(l.farbe))), hell(problem));
  await bildSpeichern(seite, "bedarf-versorgung-legende");
});

test("Beispieldaten sind auf jeder Karte mit Beispiel-Angeboten gekennzeichnet", async () => {
  await oeffnen("#indikator=kinderarmut&jahr=2022&angebote=familienzentrum");
  assert.equal(await seite.isVisible("#beispiel-hinweis"), true, "Hinweis auf der amtlichen INKAR-Karte mit Beispiel-Familienzentren");
  assert.match(await seite.textContent("#legende"), /Angebote auf der Karte.*Familienzentrum.*Beispieldaten/s);
  await seite.click("#praesentation");
  assert.match(await seite.textContent(".karten-legende"), /Beispieldaten/);
  assert.equal(await seite.isVisible("#beispiel-hinweis"), true);
  await seite.keyboard.press("Escape");
  // Without example offers and with official data, no mark.
  await oeffnen("#indikator=kinderarmut&jahr=2022&angebote=schule");
  assert.equal(await seite.isVisible("#beispiel-hinweis"), false);
});

test("nur Jahre mit Werten der Kommunen werden angeboten; ein leeres Jahr wird erklärt", async () => {
  const katalog = await api(dienst.url, "/api/indikatoren");
  const meta = katalog.indikatoren.find((i) => i.id === "kinderarmut");
  await oeffnen("#indikator=kinderarmut");
  const jahre = await seite.locator("#ind-jahr option").evaluateAll((os) => os.map((o) => Number(o.value)).sort());
  assert.deepEqual(jahre, meta.jahre_kommunen);
  assert.ok(meta.jahre.length > jahre.length, "the data have Kreis-only years");
  for (const j of jahre) {
    const karte = await api(dienst.url, `/api/indikatoren/kinderarmut?jahr=${j}`);
    assert.ok(karte.features.some((f) => f.properties.wert !== null), `${j} ohne Werte`);
  }
  await oeffnen("#indikator=kinderarmut&jahr=2018");
  assert.match(await seite.textContent("#legende"), /Für 2018 gibt es keine Werte der Kommunen \(nur für den Kreis\); gezeigt wird 2022/);
});

test("Klassengrenzen trennen die Werte: kein Wert liest sich wie die Grenze seiner Klasse", async () => {
  for (const q of ["kinderarmut?jahr=2022", "kinderarmut?jahr=2021&klassen=7", "bg_mit_kindern?jahr=2022&methode=jenks", "hze_beispiel?jahr=2023"]) {
    const v = await api(dienst.url, `/api/indikatoren/${q}`);
    const einheit = v.indikator.einheit;
    for (const f of v.features) {
      const p = f.properties;
      if (p.wert === null || p.klasse === null) continue;
      const k = v.legende.klassen[p.klasse];
      // The value as shown, and the lower limit as the legend writes it ("über 6,69 bis …").
      const gezeigt = p.wert_text.replace(` ${einheit}`, "");
      const unten = k.bezeichnung.match(/^über (\S+) bis/)?.[1];
      if (unten && p.wert !== k.von) assert.notEqual(gezeigt, unten, `${q}: ${p.name} ${p.wert_text} in „${k.bezeichnung}“`);
    }
  }
});

test("Szenario: Legende zählt nach dem Szenario, Änderungskarte, Kategoriewechsel behält die Planung", async () => {
  await oeffnen("#ansicht=szenario&kategorie=familienzentrum&plan=8.38,50.6;8.3,50.7&schwelle=2000");
  const antwort = await (await fetch(`${dienst.url}/api/szenario`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ kategorie: "familienzentrum", zielgruppe: "unter18", schwellen: [2000], hinzufuegen: [{ lon: 8.38, lat: 50.6 }, { lon: 8.3, lat: 50.7 }], ebene: "kommune" }),
  })).json();
  const grenzen = [20, 40, 60, 80];
  const erwartet = [0, 0, 0, 0, 0];
  for (const e of antwort.einheiten) {
    if (!e.ausgewiesen) continue;
    const w = e.nachher.anteil_2000 * 100;
    const i = grenzen.findIndex((g) => w <= g + 1e-9);
    erwartet[i < 0 ? 4 : i]++;
  }
  const gezaehlt = await seite.locator("#legende ul li").evaluateAll((lis) => lis.slice(0, 5).map((li) => Number(li.textContent.match(/\((\d+)\)\s*$/)?.[1])));
  assert.deepEqual(gezaehlt, erwartet);
  // The change map.
  await seite.selectOption("#sz-karte", "differenz");
  await bereit(seite);
  assert.match(await seite.textContent("#legende"), /Zunahme bis 5 Prozentpunkte|Zunahme um mehr als 5 Prozentpunkte/);
  const zunahme = antwort.einheiten.filter((e) => e.ausgewiesen && e.differenz.anteil_2000 > 0).length;
  const legendeZunahme = await seite.locator("#legende ul li").evaluateAll((lis) => lis.filter((li) => /Zunahme/.test(li.textContent)).reduce((s, li) => s + Number(li.textContent.match(/\((\d+)\)\s*$/)[1]), 0));
  assert.equal(legendeZunahme, zunahme);
  await bildSpeichern(seite, "szenario-aenderung");
  // Another category keeps the planned places.
  await seite.selectOption("#sz-kategorie", "schule");
  await bereit(seite);
  assert.match(await seite.evaluate(() => location.hash), /plan=8\.38%2C50\.6%3B8\.3%2C50\.7|plan=8.38,50.6;8.3,50.7/);
  assert.equal(await seite.locator(".marker-szenario").count(), 2);
  assert.match(await seite.textContent("#sz-liste"), /S1: geplantes Angebot/);
});

test("manuelle Klassengrenzen mit Dezimalkomma; falsche Eingaben erklären sich kurz", async () => {
  await oeffnen("#indikator=kinderarmut&jahr=2022&methode=manuell&grenzen=8,12");
  await seite.fill("#ind-grenzen", "6,5; 10,25; 15");
  await seite.dispatchEvent("#ind-grenzen", "change");
  await bereit(seite);
  assert.match(await seite.evaluate(() => location.hash), /grenzen=6\.5%2C10\.25%2C15/);
  const legende = await seite.textContent("#legende");
  assert.match(legende, /bis 6,50/);
  assert.match(legende, /über 10,25 bis 15,00|über 10,25/);
  for (const [eingabe, text] of [["abc", /„abc“ ist keine Zahl/], ["", /mindestens eine Klassengrenze/], ["15; 10", /aufsteigen/], ["1".repeat(400), /keine Zahl/]]) {
    await seite.fill("#ind-grenzen", eingabe);
    await seite.dispatchEvent("#ind-grenzen", "change");
    const meldung = await seite.textContent("#status");
    assert.match(meldung, text, eingabe);
    assert.ok(meldung.length < 200, meldung);
    assert.doesNotMatch(meldung, /1797693/);
  }
});

test("In der Nähe: vertauschte, fremde und unlesbare Koordinaten bekommen einen Hinweis; die Karte geht zum Ort", async () => {
  await oeffnen("#ansicht=naehe");
  for (const [lon, lat, text] of [["50,55", "8,50", /vertauscht/], ["9,9", "48,1", /außerhalb des Kreises/], ["acht", "50,5", /Die Länge „acht“ ist keine Zahl/], ["", "", /Länge und Breite eingeben/]]) {
    await seite.fill("#naehe-lon", lon);
    await seite.fill("#naehe-lat", lat);
    await seite.click("#naehe-suchen");
    assert.match(await seite.textContent("#naehe-ergebnis"), text, `${lon} / ${lat}`);
  }
  const vorher = await seite.evaluate(() => window.sozialraum.karte.getZoom());
  await seite.fill("#naehe-lon", "8,30");
  await seite.fill("#naehe-lat", "50,75");
  await seite.click("#naehe-suchen");
  await bereit(seite);
  const m = await seite.evaluate(() => ({ zoom: window.sozialraum.karte.getZoom(), drin: window.sozialraum.karte.getBounds().contains([50.75, 8.3]) }));
  assert.ok(m.drin && m.zoom > vorher, JSON.stringify(m));
  assert.match(await seite.textContent("#naehe-ergebnis"), /Im Umkreis von 2,0 km/);
});

test("die Zeitreihe im Profil hat Achsen, die Kreislinie und zeigt Werte bei Fokus", async () => {
  await oeffnen("#indikator=kinderarmut");
  await seite.selectOption("#kommune-wahl", "06532012");
  await seite.waitForSelector("#profil-inhalt svg.zeitreihe");
  const p = await api(dienst.url, "/api/profil/06532012");
  const ind = p.indikatoren.find((i) => i.id === "bg_mit_kindern");
  const zeile = seite.locator("#profil-inhalt tr", { hasText: ind.name }).first();
  const svg = zeile.locator("svg.zeitreihe");
  const texte = await svg.locator("text").allTextContents();
  const jahre = ind.zeitreihe.filter((r) => r.wert !== null || r.kreiswert !== null).map((r) => r.jahr);
  assert.ok(texte.includes(String(jahre[0])) && texte.includes(String(jahre[jahre.length - 1])), `Jahresachse: ${texte}`);
  assert.ok(texte.filter((t) => /^\d+(,\d+)?$/.test(t)).length >= 3, `Werteachse: ${texte}`);
  assert.equal(await svg.locator("polyline").count(), 2, "Kommune und Kreis");
  assert.equal(await svg.locator("polyline[stroke-dasharray]").count(), 1, "Kreis gestrichelt");
  const punkte = svg.locator("circle.zeitreihe-punkt");
  assert.equal(await punkte.count(), ind.zeitreihe.reduce((n, r) => n + (r.wert !== null) + (r.kreiswert !== null), 0));
  // Tab to the last point of the Kommune: its values appear under the chart.
  const letzte = ind.zeitreihe.filter((r) => r.wert !== null).pop();
  await punkte.filter({ has: seite.locator("title", { hasText: `${letzte.jahr}: Herborn` }) }).first().focus();
  const info = await zeile.locator(".zeitreihe-info").textContent();
  const text = Number(letzte.wert).toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  assert.match(info, new RegExp(`${letzte.jahr}: Herborn ${text.replace(",", "\\,")}`), info);
  assert.match(info, /Kreis \d/);
  await bildSpeichern(seite, "profil-zeitreihe");
  await seite.click("#profil-schliessen");
});

test("keine Konsolenfehler und keine fehlgeschlagenen Anfragen in den Ansichten", () => {
  const echt = b.fehler.filter((f) => !f.includes("net::ERR_ABORTED"));
  assert.deepEqual(echt, []);
});
