// Charts as plain SVG: a ranking of the units with the Kreis value as a line, a time series of
// one Kommune against the Kreis, and need against supply as a scatter. Every mark carries the
// unit's id (`data-id`, linked with map and table), its value (`data-wert`) and a German label;
// marks are reachable with Tab. A hidden value is written "nicht ausgewiesen" and never drawn
// as 0; the table below the charts holds the same values.

import { html, leer, zahl } from "./format.js";

const BLAU = "#1f4e9a";
const HELLBLAU = "#8fa9d3";
const ROT = "#b03a2e";
const GRAU = "#555";

/** "Nice" ticks from 0 (or a negative minimum) to at least `max`. */
export function achse(min, max) {
  const unten = min >= 0 ? 0 : min;
  const roh = Math.max(max - unten, 1e-9) / 4;
  const e = 10 ** Math.floor(Math.log10(roh));
  const schritt = [1, 2, 2.5, 5, 10].map((f) => f * e).find((s) => s >= roh);
  const start = Math.floor(unten / schritt) * schritt;
  const t = [start];
  while (t[t.length - 1] < max - 1e-9 * schritt && t.length < 12) t.push(start + schritt * t.length);
  if (t.length < 2) t.push(start + schritt);
  return t;
}

const stellenFuer = (ticks) => [0, 1, 2, 3].find((s) => ticks.every((t) => Math.abs(Math.round(t * 10 ** s) - t * 10 ** s) < 1e-6)) ?? 3;

function rahmen(breite, hoehe, titel, beschreibung, inhalt) {
  return `<svg class="diagramm" viewBox="0 0 ${breite} ${hoehe}" width="100%" role="group" aria-label="${html(titel)}"><desc>${html(beschreibung)}</desc>${inhalt}</svg>`;
}

/**
 * Ranking bars. `zeilen`: [{id, name, wert, text, status}] (`wert` null: hidden or missing);
 * `referenz`: {name, wert, text} or null.
 */
export function rangfolge({ zeilen, referenz, titel, einheit = "" }) {
  const folge = [...zeilen].sort((a, b) => {
    if (a.wert === null && b.wert === null) return a.name.localeCompare(b.name, "de");
    if (a.wert === null) return 1;
    if (b.wert === null) return -1;
    return b.wert - a.wert;
  });
  const werte = folge.map((z) => z.wert).filter((w) => w !== null);
  if (referenz?.wert !== null && referenz?.wert !== undefined) werte.push(referenz.wert);
  const max = Math.max(0, ...werte);
  const min = Math.min(0, ...werte);
  const zeile = 22;
  const namenBreite = 16 + 8.6 * Math.max(...folge.map((z) => z.name.length), 6);
  const breite = 720;
  const textBreite = 130;
  const x0 = namenBreite;
  const pb = breite - namenBreite - textBreite;
  const x = (v) => x0 + ((v - min) / Math.max(max - min, 1e-9)) * pb;
  const oben = 26;
  const hoehe = oben + zeile * folge.length + 8;
  const balken = folge.map((z, i) => {
    const y = oben + i * zeile;
    const label = `${z.name}: ${z.wert === null ? leer(z.status) : `${z.text} ${einheit}`.trim()}`;
    const strich = z.wert === null ? "" : `<rect x="${x(Math.min(z.wert, 0)).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x(z.wert) - x(0))).toFixed(1)}" height="${zeile - 6}" fill="${HELLBLAU}"/>`;
    const ende = z.wert === null ? x0 : x(Math.max(z.wert, 0));
    const wertText = z.wert === null ? leer(z.status) : z.text;
    return `<g class="diagramm-element" data-id="${html(z.id)}" data-wert="${z.wert ?? ""}" data-status="${html(z.status)}" tabindex="0" role="img" aria-label="${html(label)}"><title>${html(label)}</title>
      <rect x="0" y="${y}" width="${breite}" height="${zeile}" fill="transparent" class="diagramm-zeile"/>
      <text x="${x0 - 8}" y="${y + zeile / 2 + 5}" text-anchor="end" font-size="14">${html(z.name)}</text>${strich}
      <text x="${(ende + 6).toFixed(1)}" y="${y + zeile / 2 + 5}" font-size="13" fill="${z.wert === null ? GRAU : "#111"}"${z.wert === null ? ' font-style="italic"' : ""}>${html(wertText)}</text></g>`;
  });
  const ref = referenz?.wert === null || referenz?.wert === undefined ? "" :
    `<g class="diagramm-referenz" data-wert="${referenz.wert}"><line x1="${x(referenz.wert).toFixed(1)}" y1="${oben - 4}" x2="${x(referenz.wert).toFixed(1)}" y2="${hoehe - 4}" stroke="${ROT}" stroke-width="2" stroke-dasharray="6 4"/>
      <text x="${x(referenz.wert).toFixed(1)}" y="16" text-anchor="middle" font-size="13" fill="${ROT}">${html(referenz.name)}: ${html(referenz.text)}</text></g>`;
  const beschreibung = `Rangfolge: ${folge.map((z) => `${z.name} ${z.wert === null ? leer(z.status) : z.text}`).join("; ")}`;
  return rahmen(breite, hoehe, titel, beschreibung, balken.join("") + ref);
}

/**
 * A time series. `linien`: [{id, name, farbe, gestrichelt, punkte: [{jahr, wert, status}]}];
 * years where the first line is hidden are marked "n. a." on the axis.
 */
export function zeitreihe({ linien, titel, einheit }) {
  const jahre = [...new Set(linien.flatMap((l) => l.punkte.map((p) => p.jahr)))].sort((a, b) => a - b);
  const werte = linien.flatMap((l) => l.punkte.map((p) => p.wert)).filter((w) => w !== null);
  if (jahre.length < 2 || werte.length === 0) return "";
  const ticks = achse(Math.min(...werte), Math.max(...werte));
  const st = stellenFuer(ticks);
  const [breite, hoehe, links, rechts, oben, unten] = [720, 300, 64, 20, 40, 44];
  const x = (j) => links + ((j - jahre[0]) / Math.max(1, jahre[jahre.length - 1] - jahre[0])) * (breite - links - rechts);
  const y = (v) => oben + (1 - (v - ticks[0]) / (ticks[ticks.length - 1] - ticks[0])) * (hoehe - oben - unten);
  const gitter = ticks.map((t) => `<line x1="${links}" y1="${y(t).toFixed(1)}" x2="${breite - rechts}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${links - 8}" y="${(y(t) + 5).toFixed(1)}" text-anchor="end" font-size="13" fill="${GRAU}">${zahl(t, st)}</text>`).join("");
  const jeder = Math.max(1, Math.ceil(jahre.length / 8));
  const achseX = jahre.filter((_, i) => (jahre.length - 1 - i) % jeder === 0).map((j) => `<text x="${x(j).toFixed(1)}" y="${hoehe - unten + 20}" text-anchor="middle" font-size="13" fill="${GRAU}">${j}</text>`).join("");
  const verborgen = linien[0].punkte.filter((p) => p.wert === null && p.status === "nicht_ausgewiesen")
    .map((p) => `<text x="${x(p.jahr).toFixed(1)}" y="${hoehe - unten - 6}" text-anchor="middle" font-size="12" fill="${BLAU}">n. a.</text>`).join("");
  const pfade = linien.map((l) => {
    let d = "";
    let neu = true;
    for (const j of jahre) {
      const p = l.punkte.find((q) => q.jahr === j);
      if (!p || p.wert === null) { neu = true; continue; }
      d += `${neu ? "M" : "L"}${x(j).toFixed(1)} ${y(p.wert).toFixed(1)}`;
      neu = false;
    }
    const punkte = l.punkte.map((p) => {
      const label = `${l.name} ${p.jahr}: ${p.wert === null ? leer(p.status) : `${zahl(p.wert, l.stellen ?? 2)} ${einheit}`}`;
      return p.wert === null ? "" : `<circle class="diagramm-element" data-id="${html(l.id)}" data-jahr="${p.jahr}" data-wert="${p.wert}" cx="${x(p.jahr).toFixed(1)}" cy="${y(p.wert).toFixed(1)}" r="5" fill="${l.farbe}" tabindex="0" role="img" aria-label="${html(label)}"><title>${html(label)}</title></circle>`;
    }).join("");
    return `<path d="${d}" fill="none" stroke="${l.farbe}" stroke-width="3"${l.gestrichelt ? ' stroke-dasharray="8 5"' : ""}/>${punkte}`;
  }).join("");
  let lx = links;
  const legende = linien.map((l) => {
    const s = `<line x1="${lx}" y1="16" x2="${lx + 26}" y2="16" stroke="${l.farbe}" stroke-width="3"${l.gestrichelt ? ' stroke-dasharray="8 5"' : ""}/><text x="${lx + 32}" y="21" font-size="14">${html(l.name)}</text>`;
    lx += 50 + 8 * l.name.length;
    return s;
  }).join("");
  const beschreibung = linien.map((l) => `${l.name}: ${l.punkte.map((p) => `${p.jahr} ${p.wert === null ? leer(p.status) : zahl(p.wert, l.stellen ?? 2)}`).join(", ")}`).join(". ");
  return rahmen(breite, hoehe, titel, beschreibung, gitter + achseX + verborgen + pfade + legende);
}

/**
 * Need (x) against supply (y, share 0…1). `punkte`: [{id, name, x, y, farbe, status}];
 * `grenzen`: supply limits (shares) drawn as lines. Units without both values are listed.
 */
export function streuung({ punkte, titel, xTitel, yTitel, grenzen = [] }) {
  const mit = punkte.filter((p) => p.x !== null && p.y !== null);
  const [breite, hoehe, links, rechts, oben, unten] = [720, 420, 70, 24, 20, 56];
  const tx = achse(Math.min(...mit.map((p) => p.x), 0), Math.max(...mit.map((p) => p.x), 1e-9));
  const ty = [0, 25, 50, 75, 100];
  const x = (v) => links + ((v - tx[0]) / (tx[tx.length - 1] - tx[0])) * (breite - links - rechts);
  const y = (v) => oben + (1 - v / 100) * (hoehe - oben - unten);
  const st = stellenFuer(tx);
  const gitter = [
    ...tx.map((t) => `<line x1="${x(t).toFixed(1)}" y1="${oben}" x2="${x(t).toFixed(1)}" y2="${hoehe - unten}" stroke="#eee"/><text x="${x(t).toFixed(1)}" y="${hoehe - unten + 20}" text-anchor="middle" font-size="13" fill="${GRAU}">${zahl(t, st)}</text>`),
    ...ty.map((t) => `<line x1="${links}" y1="${y(t)}" x2="${breite - rechts}" y2="${y(t)}" stroke="#eee"/><text x="${links - 8}" y="${y(t) + 5}" text-anchor="end" font-size="13" fill="${GRAU}">${t} %</text>`),
    ...grenzen.map((g) => `<line x1="${links}" y1="${y(g * 100).toFixed(1)}" x2="${breite - rechts}" y2="${y(g * 100).toFixed(1)}" stroke="${GRAU}" stroke-dasharray="5 4"/>`),
    `<text x="${(links + breite - rechts) / 2}" y="${hoehe - 10}" text-anchor="middle" font-size="14">${html(xTitel)}</text>`,
    `<text transform="translate(18 ${(oben + hoehe - unten) / 2}) rotate(-90)" text-anchor="middle" font-size="14">${html(yTitel)}</text>`,
  ].join("");
  // Names beside the dots where they do not cover another name or dot (every dot keeps its
  // name in its label and tooltip).
  // Dots on the same spot are set side by side (7 px apart), so each can be pointed at.
  const lage = [];
  for (const p of mit) {
    let [px, py] = [x(p.x), y(p.y * 100)];
    while (lage.some(([qx, qy]) => Math.hypot(qx - px, qy - py) < 7)) px += 7;
    lage.push([px, py]);
  }
  const belegt = lage.map(([px, py]) => ({ l: px - 7, r: px + 7, o: py - 7, u: py + 7 }));
  const marken = mit.map((p, i) => {
    const label = `${p.name}: Bedarf ${p.xText}, Versorgung ${p.yText}`;
    const [px, py] = lage[i];
    const kasten = { l: px + 9, r: px + 9 + 6.3 * p.name.length, o: py - 6, u: py + 6 };
    const frei = kasten.r <= breite && !belegt.some((b) => kasten.l < b.r && kasten.r > b.l && kasten.o < b.u && kasten.u > b.o);
    if (frei) belegt.push(kasten);
    const name = frei ? `<text x="${(px + 9).toFixed(1)}" y="${(py + 4).toFixed(1)}" font-size="11" fill="#222" pointer-events="none">${html(p.name)}</text>` : "";
    return `<g class="diagramm-element" data-id="${html(p.id)}" data-x="${p.x}" data-y="${p.y}" tabindex="0" role="img" aria-label="${html(label)}"><title>${html(label)}</title>
      <circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="7" fill="${p.farbe}" stroke="#222" stroke-width="1"/>${name}</g>`;
  }).join("");
  const beschreibung = `Streudiagramm: ${mit.map((p) => `${p.name} Bedarf ${p.xText}, Versorgung ${p.yText}`).join("; ")}`;
  return rahmen(breite, hoehe, titel, beschreibung, gitter + marken);
}
