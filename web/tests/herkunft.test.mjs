// The page takes provenance and defaults from the data set: on a copy of the Lahn-Dill data
// with other source lines (quellen.csv) and other distances (vorgaben.csv), the page shows
// those lines (footer, map attribution, source line of a view) and offers those distances.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, bildSpeichern, sitzung, wurzel } from "./hilfen.mjs";

const daten = mkdtempSync(join(tmpdir(), "sozialraum-daten-"));
cpSync(join(wurzel, "geodata/lahn-dill"), daten, { recursive: true });
writeFileSync(join(daten, "quellen.csv"), [
  "id,text,stand,liste",
  "grenzen,Verwaltungsgrenzen: © Testamt für Geodäsie (2099),2099,ja",
  "grenzen_kurz,Grenzen © Testamt,2099,nein",
  "bevoelkerung,Einwohner: Teststatistik 2099,Teststand 2099,ja",
  "bevoelkerungsbasis,Bevölkerungsfläche aus dem Testgitter,2099,nein",
  "angebote,Angebote: Testverzeichnis,2098,nein",
  "beispieldaten,Testhinweis zu Beispieldaten.,2099,nein",
  "",
].join("\n"));
writeFileSync(join(daten, "vorgaben.csv"), "name,wert\nschwellen_m,500;1500\nschwelle_m,1500\nradius_m,750\nbevoelkerungsjahr,2022\n");

let dienst;
let seite;
sitzung((x) => ({ dienst, seite } = x), ["--daten", daten]);

test("the page shows the sources and distances of the data set it runs on", async () => {
  await ansichtOeffnen(seite, dienst, "#ansicht=versorgung&kategorie=schule");
  const fuss = await seite.locator("#quellen").textContent();
  assert.match(fuss, /Testamt für Geodäsie/);
  assert.match(fuss, /Teststatistik 2099/);
  assert.match(fuss, /Testhinweis zu Beispieldaten/);
  assert.doesNotMatch(fuss, /BKG|Zensus|INKAR/);
  assert.match(await seite.locator(".leaflet-control-attribution").textContent(), /Grenzen © Testamt/);
  assert.match(await seite.locator("#stand").textContent(), /Teststatistik 2099/);
  // The coverage view starts at the data set's distance; its shortcuts are the data set's.
  assert.equal(await seite.locator("#vers-schwelle").inputValue(), "1500");
  assert.deepEqual(await seite.locator("#vers-baender button").allTextContents(), ["500 m", "1,5 km"]);
  await ansichtOeffnen(seite, dienst, "#ansicht=bedarf&bedarf=kinderarmut&kategorie=schule");
  assert.deepEqual(await seite.locator("#bed-schwelle option").evaluateAll((o) => o.map((x) => x.value)), ["500", "1500"]);
  assert.equal(await seite.locator("#bed-schwelle").inputValue(), "1500");
  assert.deepEqual(await seite.locator("#naehe-radius option").evaluateAll((o) => o.map((x) => x.value)), ["500", "750", "1500"]);
  await bildSpeichern(seite, "herkunft-bedarf");
});
