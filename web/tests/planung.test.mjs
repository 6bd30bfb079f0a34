// The planning tools in the page: the Ressourcenkarte printed on one A4 page (checked as
// rendered by poppler: one page, the texts, the map frame inside the page), and the place kept
// out of the URL and the browser's storage.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, artefakte, bereit, farbHuelle, pdfBild, pdfSeiten, pdfText, sitzung } from "./hilfen.mjs";

let dienst;
let b;
let seite;

const BEARBEITEN = "bearbeiten-token-planung-browser-31";
const konfig = join(mkdtempSync(join(tmpdir(), "sozialraum-konfig-")), "sozialraum.toml");
const MELDEN = "melden-token-planung-browser-32";
writeFileSync(konfig, `bearbeiten_token = "${BEARBEITEN}"\n\n[[token]]\nname = "ASD Nord"\nrolle = "melden"\ntoken = "${MELDEN}"\n`);

sitzung((x) => ({ dienst, b, seite } = x), ["--konfig", konfig]);

const magenta = (r, g, bl) => r > 200 && g < 90 && bl > 200;

/** "In der Nähe" of a place in Herborn, typed in as a planner would. */
async function ortZeigen() {
  await ansichtOeffnen(seite, dienst, "#ansicht=naehe&radius=3000");
  await seite.fill("#naehe-lon", "8,3071937");
  await seite.fill("#naehe-lat", "50,6894263");
  await seite.click("#naehe-suchen");
  await seite.waitForSelector("#naehe-drucken:not([hidden])");
  await bereit(seite);
}

test("Ressourcenkarte: Ort eingeben, eine A4-Seite mit Karte und Angeboten drucken, der Ort bleibt nirgends stehen", async () => {
  await ortZeigen();
  // The reference: the same question to the API.
  const antwort = await fetch(`${dienst.url}/api/ressourcenkarte`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ lon: 8.3071937, lat: 50.6894263, radius: 3000, je_kategorie: 4 }),
  }).then((r) => r.json());
  assert.equal(antwort.kommune.name, "Herborn");
  // Not in the address, not in the browser's storage.
  const spuren = await seite.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const s of ["8.307", "50.689", "8,307", "50,689"]) assert.ok(!spuren.includes(s), `${s} in ${spuren}`);
  // The table beside the map lists the same offers.
  const zeilen = await seite.$$eval("#daten-tabelle tbody tr", (tr) => tr.map((z) => z.textContent));
  const namen = antwort.gruppen.flatMap((g) => g.angebote.map((a) => a.name));
  assert.equal(zeilen.length, namen.length);
  for (const n of namen) assert.ok(zeilen.some((z) => z.includes(n)), n);

  await seite.addStyleTag({ content: ".rk-karte > rect:last-of-type { stroke: #ff00ff !important; stroke-width: 8 !important; }" });
  const layout = await seite.evaluate(() => window.sozialraum.ressourcenDruck.vorbereiten());
  assert.deepEqual(layout, { pt: 9, karteMm: 95, je: 4 });
  const lage = await seite.evaluate(() => {
    const r = (s) => document.querySelector(s).getBoundingClientRect();
    return { blatt: r("#ressourcen-druck"), karte: r(".rk-karte"), zeilen: document.querySelectorAll("#ressourcen-druck li").length };
  });
  assert.equal(lage.zeilen, namen.length);
  const pfad = join(artefakte, "ressourcenkarte.pdf");
  writeFileSync(pfad, await seite.pdf({ preferCSSPageSize: true, printBackground: true }));
  assert.equal(pdfSeiten(pfad), 1, "eine Seite");
  const groesse = execFileSync("pdfinfo", [pfad]).toString().match(/Page size:\s+([\d.]+) x ([\d.]+)/);
  assert.ok(Math.abs(Number(groesse[1]) - 595.28) < 2 && Math.abs(Number(groesse[2]) - 841.89) < 2, `A4 hoch: ${groesse[0]}`);
  const text = pdfText(pfad).replace(/\s+/g, " ");
  assert.match(text, /Ressourcenkarte/);
  assert.match(text, /Ort in Herborn/);
  for (const n of namen) assert.ok(text.includes(n), `${n} fehlt im PDF`);
  for (const s of ["8,307", "50,689", "8.307", "50.689"]) assert.ok(!text.includes(s), `Koordinate ${s} im PDF`);
  // The rendered page: the map frame (probe colour) lies wholly inside the page margins.
  const bild = pdfBild(pfad, 60);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-singlefile", pfad, join(artefakte, "ressourcenkarte")]);
  const rahmen = farbHuelle(bild, magenta);
  const rand = (12 / 210) * bild.breite;
  assert.ok(rahmen.n > 100, "Kartenrahmen nicht gefunden");
  assert.ok(rahmen.x0 >= rand - 3 && rahmen.x1 <= bild.breite - rand + 3 && rahmen.y0 >= rand - 3, JSON.stringify(rahmen));
  assert.ok(rahmen.x1 - rahmen.x0 > 0.8 * bild.breite, "Karte über die Breite");
  await seite.evaluate(() => window.sozialraum.ressourcenDruck.beenden());
  assert.equal(await seite.$eval("#ressourcen-druck", (e) => e.innerHTML), "");
  assert.deepEqual(b.fehler, []);
});

test("Ressourcenkarte mit Angeboten aller Kategorien: die Schrift wird kleiner, es bleibt eine Seite", async () => {
  // Four new offers of every category around the place (the editing token of this session).
  const kategorien = await fetch(`${dienst.url}/api/kategorien`).then((r) => r.json());
  for (const [i, k] of kategorien.entries()) {
    for (let j = 0; j < 4; j++) {
      const r = await fetch(`${dienst.url}/api/angebote`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${BEARBEITEN}` },
        body: JSON.stringify({
          kategorie: k.id,
          name: `Testangebot ${k.bezeichnung.split(" ")[0]} ${j + 1} mit einem recht langen Namen`,
          strasse: `Hauptstraße ${10 + j}`, plz: "35745", ort: "Herborn",
          lon: 8.3072 + 0.004 * Math.cos(i + j), lat: 50.6894 + 0.003 * Math.sin(i * 2 + j),
        }),
      });
      assert.equal(r.status, 201, await r.text());
    }
  }
  await ortZeigen();
  const layout = await seite.evaluate(() => window.sozialraum.ressourcenDruck.vorbereiten());
  const zeilen = await seite.$$eval("#ressourcen-druck li", (l) => l.length);
  // Smaller type and map first; every category keeps its nearest offers.
  assert.ok(layout.pt < 9 && layout.je >= 2, JSON.stringify(layout));
  assert.equal(zeilen, kategorien.length * layout.je);
  const pfad = join(artefakte, "ressourcenkarte-voll.pdf");
  writeFileSync(pfad, await seite.pdf({ preferCSSPageSize: true, printBackground: true }));
  await seite.evaluate(() => window.sozialraum.ressourcenDruck.beenden());
  assert.equal(pdfSeiten(pfad), 1, "eine Seite");
  execFileSync("pdftoppm", ["-png", "-r", "80", "-singlefile", pfad, join(artefakte, "ressourcenkarte-voll")]);
  const text = pdfText(pfad).replace(/\s+/g, " ");
  for (const k of kategorien) assert.ok(text.includes(k.bezeichnung.split(" ")[0]), k.bezeichnung);
  assert.deepEqual(b.fehler, []);
});

test("Standorte: die vorgeschlagenen Orte der API mit Rang, Zuwachs und Kurve, mit einem Klick ins Szenario", async () => {
  await seite.setViewportSize({ width: 1400, height: 900 });
  await ansichtOeffnen(seite, dienst, "#ansicht=standorte&kategorie=familienzentrum&anzahl=3");
  const v = await fetch(`${dienst.url}/api/standortvorschlag?kategorie=familienzentrum&zielgruppe=unter18&schwelle=2000&anzahl=3&kandidaten=zellen`).then((r) => r.json());
  assert.equal(v.standorte.length, 3);
  const liste = await seite.locator("#st-liste li").allTextContents();
  assert.equal(liste.length, 3);
  v.standorte.forEach((x, i) => assert.ok(liste[i].includes(x.kommune) && liste[i].includes(x.neu_versorgt.toLocaleString("de-DE", { maximumFractionDigits: 0 })), liste[i]));
  assert.equal(await seite.locator(".marker-standort").count(), 3);
  // The curve: one point for 0 … K sites, the proposed ones drawn large.
  assert.equal(await seite.locator("#kennzahlen svg.kurve circle").count(), v.kurve.length);
  assert.equal(await seite.locator("#kennzahlen svg.kurve circle.kurve-gewaehlt").count(), 3);
  const zeilen = await seite.$$eval("#daten-tabelle tbody tr", (tr) => tr.map((z) => z.textContent));
  assert.equal(zeilen.length, 3);
  mkdirSync(artefakte, { recursive: true });
  await seite.screenshot({ path: join(artefakte, "standorte.png") });
  // Handed to the scenario: the same places, and the Kreis gains what the sites promised.
  await seite.click("#st-szenario");
  await seite.waitForFunction(() => location.hash.includes("ansicht=szenario"));
  await bereit(seite);
  assert.equal(await seite.locator(".marker-szenario").count(), 3);
  const plan = new URLSearchParams((await seite.evaluate(() => location.hash)).slice(1)).get("plan").split(";");
  assert.deepEqual(plan, v.standorte.map((x) => `${x.lon},${x.lat}`));
  const sz = await fetch(`${dienst.url}/api/szenario`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ kategorie: "familienzentrum", schwellen: [2000], hinzufuegen: v.standorte.map((x) => ({ lon: x.lon, lat: x.lat })) }),
  }).then((r) => r.json());
  const kreis = sz.kreis.find((e) => e.art === "kreis");
  const summe = v.standorte.reduce((a, x) => a + x.neu_versorgt, 0);
  assert.ok(Math.abs(kreis.differenz.versorgt_2000 - summe) < 0.5, `${kreis.differenz.versorgt_2000} gegen ${summe}`);
  assert.deepEqual(b.fehler, []);
});

async function anmelden(t) {
  if ((await seite.textContent("#anmelden")) === "Abmelden") await seite.click("#anmelden");
  await seite.click("#anmelden");
  await seite.fill("#anmelde-token", t);
  await seite.click("#anmelde-ok");
  await seite.waitForSelector("#angemeldet:not([hidden])");
}

test("Bedarfe: melden mit der Rolle melden, eintragen und den nächsten Schritt mit Begründung, öffentliche Liste und Karte", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=bedarfe");
  // Public: the list without forms.
  assert.equal(await seite.isVisible("#bm-feld"), false);
  assert.equal(await seite.isVisible("#bn-feld"), false);
  await anmelden(MELDEN);
  await bereit(seite);
  assert.equal(await seite.isVisible("#bm-feld"), true);
  assert.equal(await seite.isVisible("#bn-feld"), false);
  await seite.click("#bm-feld summary");
  await seite.selectOption("#bm-kommune", "06532012");
  await seite.selectOption("#bm-kategorie", "familienzentrum");
  await seite.fill("#bm-quartal", "2025-Q3");
  await seite.fill("#bm-anzahl", "3");
  await seite.click("#bm-form button[type=submit]");
  await seite.waitForFunction(() => document.getElementById("bm-meldung").textContent.startsWith("Gemeldet"));
  await bereit(seite);
  const reihe = await fetch(`${dienst.url}/api/bedarfsmeldungen`).then((r) => r.json());
  const kreis = reihe.einheiten.find((e) => e.art === "kreis");
  const q3 = kreis.werte[reihe.zeitraeume.indexOf("2025-Q3")];
  assert.equal(q3.anzahl, 3);
  assert.match(await seite.textContent("#kennzahlen"), /3\. Quartal 2025\s*3\s*0,07/);
  // The export of the case software: check report first, then applied.
  const csv = join(mkdtempSync(join(tmpdir(), "sozialraum-export-")), "export.csv");
  writeFileSync(csv, "Fallnummer;AGS;Kategorie;Quartal\r\nF-1;06532012;familienzentrum;2025-Q2\r\nF-2;06532012;Frühe Hilfen;2025-Q2\r\nF-3;06532023;kita;14.05.2025\r\n");
  await seite.setInputFiles("#bi-datei", csv);
  await seite.fill("#bi-quelle", "Fachsoftware ASD");
  await seite.click("#bi-form button[type=submit]");
  await seite.waitForSelector("#bi-anwenden");
  const bericht = await seite.textContent("#bi-bericht");
  assert.match(bericht, /2\. Quartal 2025: 3 Meldungen \(neu\)/);
  assert.match(bericht, /Fallnummer/);
  await seite.click("#bi-anwenden");
  await seite.waitForFunction(() => document.getElementById("bi-bericht").textContent.startsWith("Übernommen"));
  const q = await fetch(`${dienst.url}/api/bedarfsmeldungen/quellen`, { headers: { Authorization: `Bearer ${MELDEN}` } }).then((r) => r.json());
  assert.deepEqual(q.find((x) => x.quelle === "Fachsoftware ASD"), { quelle: "Fachsoftware ASD", quartal: "2025-Q2", meldungen: 3 });
  // The editing role enters a need of a conference and takes its next step.
  await anmelden(BEARBEITEN);
  await bereit(seite);
  await seite.click("#bn-feld summary");
  await seite.fill("#bn-titel", "Offener Treff für Alleinerziehende");
  await seite.selectOption("#bn-gebiet", "06532012");
  await seite.selectOption("#bn-kategorie", "familienzentrum");
  await seite.fill("#bn-konferenz", "Sozialraumkonferenz Herborn");
  await seite.fill("#bn-datum", "2025-11-12");
  await seite.click("#bn-form button[type=submit]");
  await seite.waitForFunction(() => document.getElementById("bn-meldung").textContent.startsWith("Eingetragen"));
  await bereit(seite);
  const form = seite.locator("form.bf-schritt").first();
  await form.locator("select").selectOption("geprueft");
  await form.locator("input[name=datum]").fill("2025-11-20");
  await form.locator("input[name=grund]").fill("Im Jugendhilfeausschuss bestätigt");
  await form.locator("button").click();
  await seite.waitForFunction(() => document.getElementById("bf-liste").textContent.includes("Im Jugendhilfeausschuss bestätigt"));
  await bereit(seite);
  const api = await fetch(`${dienst.url}/api/bedarfe?ags=06532012`).then((r) => r.json());
  assert.equal(api.anzahl, 1);
  assert.equal(api.bedarfe[0].status, "geprueft");
  const zeilen = await seite.$$eval("#daten-tabelle tbody tr", (tr) => tr.map((z) => z.textContent));
  assert.equal(zeilen.length, 1);
  assert.match(zeilen[0], /Offener Treff.*Herborn.*geprüft.*20\.11\.2025: Im Jugendhilfeausschuss bestätigt/);
  // The map: Herborn has one open need.
  const tooltip = await seite.evaluate(() => {
    const el = document.querySelector('[data-id="06532012"]');
    return el ? "da" : "fehlt";
  });
  assert.equal(tooltip, "da");
  mkdirSync(artefakte, { recursive: true });
  await seite.screenshot({ path: join(artefakte, "bedarfe.png") });
  await seite.click("#anmelden");
  assert.deepEqual(b.fehler, []);
});
