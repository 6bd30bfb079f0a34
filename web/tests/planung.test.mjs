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
writeFileSync(konfig, `bearbeiten_token = "${BEARBEITEN}"\n`);

sitzung((x) => ({ dienst, b, seite } = x), ["--konfig", konfig]);

const magenta = (r, g, bl) => r > 200 && g < 90 && bl > 200;

test("Ressourcenkarte: Ort eingeben, eine A4-Seite mit Karte und Angeboten drucken, der Ort bleibt nirgends stehen", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=naehe&radius=3000");
  await seite.fill("#naehe-lon", "8,3071937");
  await seite.fill("#naehe-lat", "50,6894263");
  await seite.click("#naehe-suchen");
  await seite.waitForSelector("#naehe-drucken:not([hidden])");
  await bereit(seite);
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
  await ansichtOeffnen(seite, dienst, "#ansicht=naehe&radius=3000");
  await seite.fill("#naehe-lon", "8,3071937");
  await seite.fill("#naehe-lat", "50,6894263");
  await seite.click("#naehe-suchen");
  await seite.waitForSelector("#naehe-drucken:not([hidden])");
  await bereit(seite);
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
