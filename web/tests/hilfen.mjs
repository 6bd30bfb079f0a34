// Helpers of the browser tests: the real service on a free loopback port, Debian's Chromium
// driven by playwright-core (headless, fresh profile, no network beyond loopback).

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const hier = dirname(fileURLToPath(import.meta.url));
export const wurzel = resolve(hier, "../..");
export const artefakte = join(wurzel, "test-artefakte");

/** The program under test. */
export function programm() {
  return process.env.SOZIALRAUM_BIN ? resolve(process.env.SOZIALRAUM_BIN) : join(wurzel, "target/debug/sozialraum");
}

/** Starts `sozialraum serve` on 127.0.0.1 with a port chosen by the OS (and `weitere`
 * arguments, e.g. `--daten DIR`); resolves with its URL. */
export function dienstStarten(weitere = []) {
  // SOZIALRAUM_BIN may be relative to where the tests were started (web/ under make test).
  const bin = process.env.SOZIALRAUM_BIN ? resolve(process.env.SOZIALRAUM_BIN) : join(wurzel, "target/debug/sozialraum");
  // Every service gets its own store (removed with the temporary folder by the OS), unless
  // the caller names one.
  const speicher = join(mkdtempSync(join(tmpdir(), "sozialraum-speicher-")), "sozialraum.gpkg");
  const eigener = weitere.includes("--speicher") ? [] : ["--speicher", speicher];
  const kind = spawn(bin, ["serve", "--adresse", "127.0.0.1:0", "--web", join(wurzel, "web"), ...eigener, ...weitere], {
    cwd: wurzel,
    env: { ...process.env, RUST_LOG: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((ok, fehler) => {
    let text = "";
    const zeit = setTimeout(() => fehler(new Error(`Dienst startet nicht binnen 60 s: ${text}`)), 60000);
    kind.stderr.on("data", (d) => {
      text += d;
      const m = text.match(/läuft auf (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(zeit);
        ok({ url: m[1], beenden: () => kind.kill("SIGTERM") });
      }
    });
    kind.on("error", (e) => fehler(new Error(`Dienst ${bin} nicht startbar: ${e.message} (erst cargo build bzw. make test)`)));
    kind.on("exit", (c) => fehler(new Error(`Dienst beendet (${c}): ${text}`)));
  });
}

/** Chromium with a fresh profile; every console error and failed request is collected. */
export async function browserStarten() {
  const profil = mkdtempSync(join(tmpdir(), "sozialraum-chromium-"));
  const kontext = await chromium.launchPersistentContext(profil, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: "de-DE",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const fehler = [];
  const seite = kontext.pages()[0] || (await kontext.newPage());
  seite.on("console", (m) => {
    if (m.type() === "error") fehler.push(`Konsole: ${m.text()}`);
  });
  seite.on("pageerror", (e) => fehler.push(`Skriptfehler: ${e.message}`));
  seite.on("requestfailed", (r) => fehler.push(`Anfrage fehlgeschlagen: ${r.url()} ${r.failure()?.errorText}`));
  seite.on("response", (r) => {
    if (r.status() >= 400 && !r.url().includes("erwarte-fehler")) fehler.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    seite,
    fehler,
    async beenden() {
      await kontext.close();
      rmSync(profil, { recursive: true, force: true });
    },
  };
}

export async function bildSpeichern(seite, name) {
  mkdirSync(artefakte, { recursive: true });
  await seite.screenshot({ path: join(artefakte, `${name}.png`), fullPage: false });
}

/** Waits until the page has drawn a view (status empty, data-bereit set). */
export async function bereit(seite) {
  await seite.waitForFunction(() => document.body.dataset.bereit === "1" && document.getElementById("status").textContent === "", null, { timeout: 20000 });
}

/**
 * The service and a browser for the tests of one file: started before the first test, stopped
 * after the last; `setzen` receives `{ dienst, b, seite }`.
 */
export function sitzung(setzen, weitere = []) {
  let x;
  before(async () => {
    const dienst = await dienstStarten(typeof weitere === "function" ? weitere() : weitere);
    const b = await browserStarten();
    x = { dienst, b, seite: b.seite };
    mkdirSync(artefakte, { recursive: true });
    setzen(x);
  });
  after(async () => {
    await x?.b.beenden();
    x?.dienst.beenden();
  });
}

/** Opens the page with a view (URL fragment) on a fresh document and waits until it is drawn. */
export async function ansichtOeffnen(seite, dienst, hash = "") {
  await seite.goto("about:blank");
  await seite.goto(`${dienst.url}/${hash}`);
  await bereit(seite);
}

/** GET JSON from the service directly (the independent reference of the tests). */
export async function api(url, pfad) {
  const r = await fetch(url + pfad);
  if (!r.ok) throw new Error(`${pfad}: HTTP ${r.status}`);
  return r.json();
}

/** Pages of a PDF, by poppler's pdfinfo. */
export function pdfSeiten(pfad) {
  const t = execFileSync("pdfinfo", [pfad]).toString();
  return Number(t.match(/Pages:\s+(\d+)/)[1]);
}

/** The text of one page of a PDF, by poppler's pdftotext (reading order). */
export function pdfText(pfad, seite = 1) {
  return execFileSync("pdftotext", ["-f", String(seite), "-l", String(seite), pfad, "-"]).toString();
}

/** Page 1 of a PDF rendered by poppler's pdftoppm: { breite, hoehe, rgb }. */
export function pdfBild(pfad, dpi = 30) {
  const roh = execFileSync("pdftoppm", ["-r", String(dpi), "-f", "1", "-l", "1", pfad]);
  // P6 header: magic, width, height, maximum, each followed by one whitespace.
  let i = 0;
  const wort = () => {
    while (/\s/.test(String.fromCharCode(roh[i]))) i++;
    const start = i;
    while (!/\s/.test(String.fromCharCode(roh[i]))) i++;
    return roh.subarray(start, i).toString();
  };
  const magie = wort();
  if (magie !== "P6") throw new Error(`kein PPM: ${magie}`);
  const breite = Number(wort());
  const hoehe = Number(wort());
  wort();
  return { breite, hoehe, rgb: roh.subarray(i + 1) };
}

/** The bounding box and count of the pixels for which `passt(r, g, b)` holds. */
export function farbHuelle(bild, passt) {
  const h = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, n: 0 };
  for (let y = 0; y < bild.hoehe; y++) {
    for (let x = 0; x < bild.breite; x++) {
      const o = 3 * (y * bild.breite + x);
      if (passt(bild.rgb[o], bild.rgb[o + 1], bild.rgb[o + 2])) {
        h.n++;
        h.x0 = Math.min(h.x0, x);
        h.y0 = Math.min(h.y0, y);
        h.x1 = Math.max(h.x1, x);
        h.y1 = Math.max(h.y1, y);
      }
    }
  }
  return h;
}
