// The data management in Chromium: only a sign-in with the editing role opens it; an offer is
// added by placing it on the map, changed, closed, and its history listed; a list is uploaded,
// its check report shown before anything is applied; a row without a place is placed on the
// map. The day control (`stand`) keeps its day in the URL and compares coverage with today.
// Every result is checked against the API directly.

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, bereit, bildSpeichern, sitzung } from "./hilfen.mjs";

const BEARBEITEN = "token-der-jugendhilfeplanung-123456";
const INTERN = "token-der-leitung-zum-lesen-654321";
const ordner = mkdtempSync(join(tmpdir(), "sozialraum-daten-test-"));
const konfig = join(ordner, "sozialraum.toml");
writeFileSync(konfig, [
  "[[token]]", 'name = "Jugendhilfeplanung"', 'rolle = "bearbeiten"', `token = "${BEARBEITEN}"`, "",
  "[[token]]", 'name = "Leitung"', 'rolle = "intern"', `token = "${INTERN}"`, "",
].join("\n"));

let dienst;
let seite;
sitzung((x) => ({ dienst, seite } = x), ["--konfig", konfig]);

async function mitToken(pfad, t = BEARBEITEN) {
  const r = await fetch(dienst.url + pfad, { headers: { Authorization: `Bearer ${t}` } });
  assert.ok(r.ok, `${pfad}: HTTP ${r.status}`);
  return r.json();
}

async function anmelden(t) {
  await seite.click("#anmelden");
  await seite.fill("#anmelde-token", t);
  await seite.click("#anmelde-ok");
  await seite.waitForFunction(() => !document.getElementById("angemeldet").hidden);
}

async function abmelden() {
  await seite.click("#anmelden");
  await seite.waitForFunction(() => document.getElementById("angemeldet").hidden);
}

/** Waits until the data view has finished a change (table and message). */
async function meldung(text) {
  await seite.waitForFunction((t) => document.getElementById("df-meldung").textContent.includes(t), text, { timeout: 15000 });
}

test("without the editing role there is no data management", async () => {
  await ansichtOeffnen(seite, dienst, "");
  assert.equal(await seite.locator("#reiter-daten").isHidden(), true);
  await anmelden(INTERN);
  assert.match(await seite.locator("#angemeldet").textContent(), /Leitung \(intern\)/);
  assert.equal(await seite.locator("#reiter-daten").isHidden(), true);
  await abmelden();
  // A wrong token is refused in the dialog.
  await seite.click("#anmelden");
  await seite.fill("#anmelde-token", "falsches-token-0000000000");
  await seite.click("#anmelde-ok");
  await seite.waitForFunction(() => document.getElementById("anmelde-meldung").textContent !== "", null, { timeout: 15000 });
  assert.match(await seite.locator("#anmelde-meldung").textContent(), /ungültig/);
  await seite.click("#anmelde-abbrechen");
});

test("an offer is placed on the map, changed, closed, and its history listed", async () => {
  await ansichtOeffnen(seite, dienst, "");
  await anmelden(BEARBEITEN);
  await seite.click("#reiter-daten");
  await bereit(seite);
  const bestand = await mitToken("/api/speicher/angebote");
  assert.match(await seite.locator("#datenpflege-titel").textContent(), new RegExp(`\\(${bestand.anzahl} von ${bestand.anzahl}\\)`));
  assert.equal(await seite.locator("#tabelle").isHidden(), true);

  // Placed by a click into the map: the fields get the place, a draggable mark appears.
  await seite.fill("#df-name", "Familienzentrum Testweg");
  await seite.selectOption("#df-kategorie", "familienzentrum");
  await seite.fill("#df-traeger", "Testverein e. V.");
  await seite.fill("#df-ab", "2025-01-01");
  await seite.click("#df-setzen");
  const k = await seite.locator("#karte").boundingBox();
  await seite.mouse.click(k.x + k.width * 0.45, k.y + k.height * 0.5);
  await seite.waitForFunction(() => document.getElementById("df-lon").value !== "");
  assert.equal(await seite.locator(".leaflet-marker-draggable").count(), 1);
  const lon = Number((await seite.inputValue("#df-lon")).replace(",", "."));
  const lat = Number((await seite.inputValue("#df-lat")).replace(",", "."));
  await seite.click("#df-speichern");
  await meldung("Version 1");
  const nachher = await mitToken("/api/speicher/angebote");
  const neu = nachher.angebote.find((a) => a.name === "Familienzentrum Testweg");
  assert.ok(neu, "neues Angebot fehlt im Speicher");
  assert.ok(Math.abs(neu.lon - lon) < 1e-6 && Math.abs(neu.lat - lat) < 1e-6, `${neu.lon}/${neu.lat} ≠ ${lon}/${lat}`);
  assert.equal(neu.gueltig_ab, "2025-01-01");
  assert.equal(neu.traeger, "Testverein e. V.");
  await bildSpeichern(seite, "daten-angebot-gesetzt");

  // Changed through the form (the form holds the saved offer now).
  await seite.fill("#df-traeger", "Neuer Träger gGmbH");
  await seite.fill("#df-kommentar", "Trägerwechsel");
  await seite.click("#df-speichern");
  await meldung("Version 2");
  assert.equal((await mitToken("/api/speicher/angebote")).angebote.find((a) => a.id === neu.id).traeger, "Neuer Träger gGmbH");

  // Closed from 2026-06-01: gone from the table of open offers.
  await seite.fill("#df-bis", "2026-06-01");
  await seite.click("#df-schliessen");
  await meldung("Geschlossen ab 01.06.2026");
  assert.equal((await mitToken("/api/speicher/angebote")).angebote.find((a) => a.id === neu.id).gueltig_bis, "2026-06-01");
  await seite.fill("#dp-suche", "Testweg");
  assert.equal(await seite.locator("#dp-tabelle tbody tr").count(), 0);
  await seite.check("#dp-geschlossene");
  assert.equal(await seite.locator("#dp-tabelle tbody tr").count(), 1);
  assert.match(await seite.locator("#dp-tabelle tbody tr").textContent(), /01\.06\.2026/);

  // The history, newest first, with who and why.
  await seite.click(`#dp-tabelle button[data-aktion="verlauf"][data-id="${neu.id}"]`);
  await seite.waitForFunction(() => document.querySelectorAll("#dp-verlauf ol.verlauf > li").length === 3);
  const verlauf = await seite.locator("#dp-verlauf").textContent();
  assert.match(verlauf, /geschlossen von Jugendhilfeplanung[\s\S]*geändert von Jugendhilfeplanung \(„Trägerwechsel“\)[\s\S]*angelegt von Jugendhilfeplanung/);
  assert.match(verlauf, /Träger: Testverein e\. V\. → Neuer Träger gGmbH/);
  await bildSpeichern(seite, "daten-verlauf");
});

test("an uploaded list shows its check report first and is applied only without problems", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=daten");
  const vorher = (await mitToken("/api/speicher/angebote")).anzahl;
  // Windows-1252 (latin1 holds the umlauts), semicolons, decimal commas, CRLF – as Excel saves.
  const schlecht = join(ordner, "Kitas Süd.csv");
  writeFileSync(schlecht, Buffer.from("Kategorie;Name;Träger;Längengrad;Breitengrad\r\nkita;Kita Süd;Stadt;8,3898;50,5147\r\nkita;Kita Vertauscht;Stadt;50,5147;8,3898\r\n", "latin1"));
  await seite.setInputFiles("#dp-datei", schlecht);
  await seite.click("#dp-hochladen button[type=submit]");
  await seite.waitForSelector("#dp-bericht table.bericht");
  const bericht = await seite.locator("#dp-bericht").textContent();
  assert.match(bericht, /Windows-1252/);
  assert.match(bericht, /Zeile 3\s*Längengrad\s*lon 50\.5147 und lat 8\.3898 sind vertauscht/);
  assert.equal(await seite.locator("#dp-anwenden").count(), 0, "mit Problemen gibt es kein Übernehmen");
  await bildSpeichern(seite, "daten-pruefbericht");

  const gut = join(ordner, "Kitas Süd korrigiert.csv");
  writeFileSync(gut, Buffer.from("Kategorie;Name;Träger;Längengrad;Breitengrad\r\nkita;Kita Süd;Stadt;8,3898;50,5147\r\nkita;Kita ohne Ort;Stadt;;\r\n", "latin1"));
  await seite.setInputFiles("#dp-datei", gut);
  await seite.click("#dp-hochladen button[type=submit]");
  await seite.waitForSelector("#dp-anwenden");
  assert.match(await seite.locator("#dp-bericht").textContent(), /1 neu, 0 geändert, 0 geschlossen, 0 unverändert, 1 ohne Lage, 0 Probleme/);
  assert.equal((await mitToken("/api/speicher/angebote")).anzahl, vorher, "Prüfen ändert nichts");
  await seite.click("#dp-anwenden");
  await seite.waitForSelector("#dp-bericht p.erfolg");
  assert.equal((await mitToken("/api/speicher/angebote")).anzahl, vorher + 1);

  // The row without a place waits, and is placed by a click into the map.
  await seite.waitForSelector('#dp-offen button[data-aktion="setzen"]');
  await seite.click('#dp-offen button[data-aktion="setzen"]');
  // The map comes into view for the click.
  const k = await seite.locator("#karte").boundingBox();
  assert.ok(k.y >= 0 && k.y + k.height <= 900 + 1, `Karte nicht im Bild: ${JSON.stringify(k)}`);
  await seite.mouse.click(k.x + k.width * 0.5, k.y + k.height * 0.45);
  await seite.waitForFunction(() => document.getElementById("dp-offen").textContent.includes("Keine"), null, { timeout: 15000 }).catch(async (e) => {
    await bildSpeichern(seite, "daten-offen-fehler");
    throw new Error(`${e.message}: Status „${await seite.locator("#status").textContent()}“`);
  });
  const alle = await mitToken("/api/speicher/angebote");
  assert.equal(alle.anzahl, vorher + 2);
  assert.ok(alle.angebote.some((a) => a.name === "Kita ohne Ort" && /^06532\d{3}$/.test(a.ags)));
});

test("the day control keeps its day in the URL and compares coverage with today", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=versorgung&kategorie=familienzentrum&stand=2026-05-31&vergleich=1");
  assert.equal(await seite.inputValue("#stand-tag"), "2026-05-31");
  assert.match(await seite.locator("#stand").textContent(), /Angebote am 31\.05\.2026/);
  const links = await seite.locator("#dateien a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.length > 0 && links.every((h) => h.includes("stand=2026-05-31")), links.join(" "));
  assert.match(await seite.locator("#legende").textContent(), /Änderung vom 31\.05\.2026 bis heute/);
  // The offers on the map are those of that day (the test offer closed on 2026-06-01 with them).
  const damalsAngebote = await fetch(`${dienst.url}/api/angebote?kategorie=familienzentrum&stand=2026-05-31`).then((r) => r.json());
  assert.match(await seite.locator("#legende").textContent(), new RegExp(`Familienzentrum \\(${damalsAngebote.anzahl}\\)`));
  assert.equal(await seite.locator(".marker-angebot[data-id]").count(), damalsAngebote.anzahl);
  // The table's change per Kommune equals today's share minus the share of that day (API).
  const frage = "/api/abdeckung?kategorie=familienzentrum&zielgruppe=unter18&schwellen=2000&umwegfaktor=1&ebene=kommune";
  const [damals, heute] = await Promise.all([fetch(`${dienst.url}${frage}&stand=2026-05-31`).then((r) => r.json()), fetch(dienst.url + frage).then((r) => r.json())]);
  const zeilen = await seite.locator("#daten-tabelle tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const kopf = await seite.locator("#daten-tabelle thead th").allTextContents();
  const spalte = kopf.findIndex((t) => t.startsWith("Änderung"));
  assert.ok(spalte > 0, kopf.join("|"));
  let geaendert = 0;
  for (const e of damals.einheiten) {
    const z = zeilen.find((r) => r[0] === e.name);
    assert.ok(z, e.name);
    const h = heute.einheiten.find((x) => x.id === e.id);
    if (!e.ausgewiesen || !h.ausgewiesen) continue;
    const d = (h.anteil_2000 - e.anteil_2000) * 100;
    const text = `${d >= 0 ? "+" : ""}${d.toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;
    assert.equal(z[spalte], text, e.name);
    if (Math.abs(d) >= 0.05) geaendert++;
  }
  // The offer closed on 2026-06-01 (previous test) makes a difference somewhere.
  assert.ok(geaendert > 0, "keine Kommune hat sich geändert");
  await bildSpeichern(seite, "stand-vergleich");
  // Back to today: the day leaves the URL.
  await seite.click("#stand-heute");
  await bereit(seite);
  assert.doesNotMatch(await seite.evaluate(() => location.hash), /stand=/);
});
