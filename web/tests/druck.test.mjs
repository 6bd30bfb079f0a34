// Print and presentation as the committee gets them: every view printed to PDF by Chromium on
// A4 and A3, landscape and portrait, from a 1280 and a 1920 pixel wide window; poppler says how
// many pages, what text, and renders the page, in which the Kreis outline must lie inside the
// map frame (both drawn in probe colours for the measurement). Presentation mode at three
// screen sizes with a real meeting title. The Kommune profile printed from its heading.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ansichtOeffnen, artefakte, bildSpeichern, farbHuelle, pdfBild, pdfSeiten, pdfText, sitzung } from "./hilfen.mjs";

let dienst;
let b;
let seite;

sitzung((x) => ({ dienst, b, seite } = x));

const oeffnen = (hash = "") => ansichtOeffnen(seite, dienst, hash);

const ANSICHTEN = [
  ["indikator", "#indikator=hze_beispiel&jahr=2024", /Hilfen zur Erziehung/],
  ["versorgung", "#ansicht=versorgung&kategorie=familienzentrum&schwelle=2000", /Versorgung: Familienzentrum/],
  // The place of "In der Nähe" never goes into the URL; the view prints without one.
  ["naehe", "#ansicht=naehe&radius=2000", /In der Nähe eines Ortes/],
  ["szenario", "#ansicht=szenario&kategorie=familienzentrum&plan=8.38,50.6", /Szenario: Familienzentrum/],
  ["bedarf", "#ansicht=bedarf&bedarf=kinderarmut&kategorie=familienzentrum", /Bedarf/],
];
const BLAETTER = [["A4", false], ["A3", false], ["A4", true], ["A3", true]];

// Probe colours for the measurement in the rendered page: the Kreis outline magenta, the map
// frame cyan. Nothing else on the page has either colour.
const SONDE = ".kreis-umriss { stroke: #ff00ff !important; stroke-width: 4px !important; } body.druck #karte { border: 3px solid #00ffff !important; }";
const magenta = (r, g, bl) => r > 200 && g < 90 && bl > 200;
const cyan = (r, g, bl) => r < 90 && g > 200 && bl > 200;

test("jede Ansicht druckt auf genau ein Blatt A4/A3 quer und hoch, mit dem ganzen Kreis im Kartenrahmen", async () => {
  const ergebnisse = [];
  for (const [w, h] of [[1280, 800], [1920, 1080]]) {
    await seite.setViewportSize({ width: w, height: h });
    for (const [name, hash, titel] of ANSICHTEN) {
      await oeffnen(hash);
      await seite.addStyleTag({ content: SONDE });
      for (const [papier, hoch] of BLAETTER) {
        const was = `${name} ${papier} ${hoch ? "hoch" : "quer"} aus ${w}×${h}`;
        await seite.evaluate(([p, ho]) => window.sozialraum.druck.vorbereiten({ papier: p, hoch: ho }), [papier, hoch]);
        // Legend, scale bar and notes stand beside or below the map, never over it.
        const lage = await seite.evaluate(() => {
          const r = (s) => document.querySelector(s).getBoundingClientRect();
          const k = r("#karte");
          const teile = ["#druck-legende", "#druck-massstab", ".druck-nord", "#druck-quelle", "#druck-datenschutz", ".kopf"].map((s) => ({ s, r: r(s) }));
          return teile.filter(({ r: t }) => t.width > 0 && t.left < k.right - 1 && t.right > k.left + 1 && t.top < k.bottom - 1 && t.bottom > k.top + 1).map((t) => t.s);
        });
        assert.deepEqual(lage, [], `${was}: über der Karte: ${lage}`);
        const pdf = await seite.pdf({ preferCSSPageSize: true, printBackground: true });
        const pfad = join(artefakte, `druck-${name}-${papier}-${hoch ? "hoch" : "quer"}-${w}.pdf`);
        writeFileSync(pfad, pdf);
        await seite.evaluate(() => window.sozialraum.druck.beenden());
        assert.equal(pdfSeiten(pfad), 1, `${was}: Seitenzahl`);
        const text = pdfText(pfad);
        assert.match(text, titel, `${was}: Titel`);
        for (const muss of [/Quelle/, /Stand/, /Datenschutz/, /\d+ km|\d+ m\b/, /\bN\b/]) assert.match(text, muss, `${was}: ${muss}`);
        const bild = pdfBild(pfad, 30);
        const rahmen = farbHuelle(bild, cyan);
        const kreis = farbHuelle(bild, magenta);
        assert.ok(rahmen.n > 100 && kreis.n > 50, `${was}: Sonden nicht gefunden (${rahmen.n}, ${kreis.n})`);
        // The whole outline lies inside the frame …
        assert.ok(kreis.x0 > rahmen.x0 && kreis.y0 > rahmen.y0 && kreis.x1 < rahmen.x1 && kreis.y1 < rahmen.y1, `${was}: Kreis ragt aus dem Rahmen: ${JSON.stringify({ kreis, rahmen })}`);
        // … and fills it in one direction (fitted, not a small island on a big sheet).
        const fuellt = Math.max((kreis.x1 - kreis.x0) / (rahmen.x1 - rahmen.x0), (kreis.y1 - kreis.y0) / (rahmen.y1 - rahmen.y0));
        assert.ok(fuellt > 0.85, `${was}: Kreis füllt nur ${fuellt.toFixed(2)} des Rahmens`);
        ergebnisse.push(`${was}: 1 Seite, Kreis füllt ${(fuellt * 100).toFixed(0)} %`);
      }
    }
  }
  writeFileSync(join(artefakte, "druck-ergebnisse.txt"), `${ergebnisse.join("\n")}\n`);
});

test("das gedruckte Kommunenprofil beginnt mit seiner Überschrift", async () => {
  await seite.setViewportSize({ width: 1280, height: 800 });
  await oeffnen("#indikator=kinderarmut");
  await seite.selectOption("#kommune-wahl", "06532012");
  await seite.waitForFunction(() => document.getElementById("profil-titel").textContent.startsWith("Herborn"));
  await seite.waitForSelector("#profil-inhalt table");
  await seite.evaluate(() => window.sozialraum.profilDruck.vorbereiten());
  const pfad = join(artefakte, "profil-herborn.pdf");
  writeFileSync(pfad, await seite.pdf({ preferCSSPageSize: true, printBackground: true }));
  await seite.evaluate(() => window.sozialraum.profilDruck.beenden());
  const erste = pdfText(pfad, 1).trim().split("\n").map((z) => z.trim()).filter(Boolean);
  assert.match(erste[0], /^Herborn \(Stadt\)/, erste.slice(0, 3).join(" | "));
  assert.match(erste.slice(0, 4).join(" "), /Einwohnerinnen und Einwohner.*Jugendamt/s);
  assert.match(pdfText(pfad, 1), /Bevölkerung nach Zielgruppe/);
  assert.equal(await seite.evaluate(() => document.getElementById("profil").open), true, "the dialog comes back");
});

const SITZUNG = "Kinderarmut im Lahn-Dill-Kreis – Sitzung des Jugendhilfeausschusses am 12.03.2027";

test("Präsentation: kein Bedienelement, Karte füllt den Rest ohne Bildlauf, ganzer Kreis, große Schrift", async () => {
  for (const [w, h] of [[1024, 768], [1280, 720], [1920, 1080]]) {
    await seite.setViewportSize({ width: w, height: h });
    await oeffnen("#indikator=kinderarmut&jahr=2022");
    await seite.click(".ausgabe summary");
    await seite.fill("#titel-eingabe", SITZUNG);
    await seite.click("#praesentation");
    await seite.waitForTimeout(400);
    const m = await seite.evaluate(() => {
      const sichtbar = (el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
      };
      const karte = document.getElementById("karte").getBoundingClientRect();
      const kopf = document.querySelector(".kopf").getBoundingClientRect();
      const map = window.sozialraum.karte;
      const umriss = [...document.querySelectorAll(".kreis-umriss")].map((p) => p.getBoundingClientRect());
      const legende = document.querySelector(".karten-legende li span:last-child");
      const name = document.querySelector(".kommune-name");
      return {
        eingaben: [...document.querySelectorAll("input, select, textarea")].filter(sichtbar).map((e) => e.id || e.className),
        bildlauf: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
        kopfAnteil: kopf.height / innerHeight,
        karteUnten: karte.bottom,
        hoehe: innerHeight,
        umriss: umriss.length ? { l: Math.min(...umriss.map((r) => r.left)), t: Math.min(...umriss.map((r) => r.top)), r: Math.max(...umriss.map((r) => r.right)), b: Math.max(...umriss.map((r) => r.bottom)) } : null,
        karte: { l: karte.left, t: karte.top, r: karte.right, b: karte.bottom },
        legendePx: parseFloat(getComputedStyle(legende).fontSize),
        namePx: parseFloat(getComputedStyle(name).fontSize),
        titel: document.getElementById("titel").textContent,
        zoom: map.getZoom(),
        // Names shown on the map that overlap each other, and whether the legend box is cut.
        namenUeberlappen: (() => {
          const r = [...document.querySelectorAll(".kommune-name")].filter((n) => n.style.visibility !== "hidden").map((n) => n.getBoundingClientRect());
          let n = 0;
          for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) if (r[i].left < r[j].right - 1 && r[i].right > r[j].left + 1 && r[i].top < r[j].bottom - 1 && r[i].bottom > r[j].top + 1) n++;
          return n;
        })(),
        namenGezeigt: [...document.querySelectorAll(".kommune-name")].filter((n) => n.style.visibility !== "hidden").length,
        legendeAbgeschnitten: (() => {
          const l = document.querySelector(".karten-legende");
          return l.scrollHeight > l.clientHeight + 1;
        })(),
      };
    });
    const was = `${w}×${h}`;
    assert.deepEqual(m.eingaben, [], `${was}: Eingabefelder sichtbar`);
    assert.equal(m.bildlauf, false, `${was}: Bildlaufleiste`);
    assert.equal(m.titel, SITZUNG);
    assert.ok(m.kopfAnteil < 0.25, `${was}: Kopf nimmt ${(m.kopfAnteil * 100).toFixed(0)} % ein`);
    assert.ok(Math.abs(m.karteUnten - m.hoehe) < 2, `${was}: Karte endet bei ${m.karteUnten} von ${m.hoehe}`);
    const u = m.umriss;
    assert.ok(u.l >= m.karte.l && u.t >= m.karte.t && u.r <= m.karte.r && u.b <= m.karte.b, `${was}: Kreis abgeschnitten ${JSON.stringify(m)}`);
    assert.equal(m.namenUeberlappen, 0, `${was}: Namen überlappen`);
    assert.ok(m.namenGezeigt >= 15, `${was}: nur ${m.namenGezeigt} Namen`);
    assert.equal(m.legendeAbgeschnitten, false, `${was}: Legende abgeschnitten`);
    if (w === 1920) {
      assert.ok(m.legendePx >= 18, `Legende ${m.legendePx} px`);
      assert.ok(m.namePx >= 18, `Namen ${m.namePx} px`);
    }
    await bildSpeichern(seite, `praesentation-${w}x${h}`);
    // A changed window keeps the whole Kreis in view.
    await seite.setViewportSize({ width: Math.round(w * 0.8), height: h });
    await seite.waitForTimeout(400);
    const innen = await seite.evaluate(() => {
      const k = document.getElementById("karte").getBoundingClientRect();
      return [...document.querySelectorAll(".kreis-umriss")].every((p) => {
        const r = p.getBoundingClientRect();
        return r.left >= k.left - 1 && r.right <= k.right + 1 && r.top >= k.top - 1 && r.bottom <= k.bottom + 1;
      });
    });
    assert.equal(innen, true, `${was}: nach Größenänderung abgeschnitten`);
    await seite.keyboard.press("Escape");
  }
});

test("keine Konsolenfehler und keine fehlgeschlagenen Anfragen beim Drucken und Präsentieren", () => {
  const echt = b.fehler.filter((f) => !f.includes("net::ERR_ABORTED"));
  assert.deepEqual(echt, []);
});
