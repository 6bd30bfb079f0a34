// The Ressourcenkarte: one A4 page for a Hilfeplangespräch with the offers near a family's
// place – a small map (SVG, drawn here from the Kommune boundaries the page has) and the
// offers grouped by category with distance and address. The place's coordinates are not
// printed; the sheet names its Kommune only.

import { html, meter, zahl } from "./format.js";

const BREITE_MM = 186; // A4 portrait minus 12 mm margins
const HOEHE_MM = 273;
const PX_JE_MM = 96 / 25.4;

/** Metres east and north of the place (a local equirectangular projection; fine at a few km). */
function projektion(lon0, lat0) {
  const kx = 111320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110574;
  return ([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky];
}

/** A "nice" length for the scale bar: about a quarter of the width. */
function massstabLaenge(breiteM) {
  const ziel = breiteM / 4;
  const basis = 10 ** Math.floor(Math.log10(ziel));
  return [1, 2, 5, 10].map((f) => f * basis).filter((x) => x <= ziel).pop() || basis;
}

/** The small map as SVG: boundaries, the radius, the numbered offers and the place. */
function karteSvg(daten, kommunen, KARTE_HOEHE_MM) {
  const p = projektion(daten.lon, daten.lat);
  const r = daten.radius_m;
  // The circle fills the height; the width follows the sheet.
  const halbH = r * 1.12;
  const halbB = (halbH * BREITE_MM) / KARTE_HOEHE_MM;
  const w = BREITE_MM * 10;
  const h = KARTE_HOEHE_MM * 10;
  const s = w / (2 * halbB);
  const xy = (ll) => {
    const [x, y] = p(ll);
    return [(x + halbB) * s, (halbH - y) * s];
  };
  const ring = (coords) => `M${coords.map((c) => xy(c).map((v) => v.toFixed(1)).join(",")).join("L")}Z`;
  const grenzen = (kommunen?.features || [])
    .map((f) => {
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      return `<path d="${polys.map((poly) => poly.map(ring).join("")).join("")}" class="rk-grenze"/>`;
    })
    .join("");
  // Numbered circles that would cover each other move aside (around their place, farther
  // each round) and keep a thin line to where the offer is.
  const R = 26;
  // The place itself stays free too.
  const gesetzt = [xy([daten.lon, daten.lat])];
  const angebote = daten.gruppen
    .flatMap((g) => g.angebote.map((a) => ({ ...a, farbe: g.farbe })))
    .map((a) => {
      const [x, y] = xy([a.lon, a.lat]);
      if (!(x >= 0 && x <= w && y >= 0 && y <= h)) return "";
      let [mx, my] = [x, y];
      // An Archimedean spiral around the place: the first free spot.
      for (let i = 0; i < 600 && gesetzt.some(([gx, gy]) => Math.hypot(gx - mx, gy - my) < 2 * R + 4); i++) {
        const winkel = i * 0.45;
        const abstand = 2 * R + 6 + 2.2 * i;
        [mx, my] = [x + abstand * Math.cos(winkel), y + abstand * Math.sin(winkel)];
      }
      gesetzt.push([mx, my]);
      const linie = mx !== x || my !== y ? `<line x1="${x.toFixed(1)}" y1="${y.toFixed(1)}" x2="${mx.toFixed(1)}" y2="${my.toFixed(1)}" stroke="#333" stroke-width="2"/><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="#333"/>` : "";
      return `<g class="rk-angebot">${linie}<circle cx="${mx.toFixed(1)}" cy="${my.toFixed(1)}" r="${R}" fill="${html(a.farbe)}" stroke="#fff" stroke-width="4"/><text x="${mx.toFixed(1)}" y="${(my + 10).toFixed(1)}" text-anchor="middle">${a.nummer}</text></g>`;
    })
    .join("");
  // Kommune names at the middle of their largest ring, where that lies in the map.
  const namen = (kommunen?.features || [])
    .map((f) => {
      const ringe = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((poly) => poly[0]);
      const ring = ringe.reduce((a, r2) => (r2.length > a.length ? r2 : a), []);
      const mitte = ring.reduce((m, c) => [m[0] + c[0] / ring.length, m[1] + c[1] / ring.length], [0, 0]);
      const [x, y] = xy(mitte);
      return x > 80 && x < w - 80 && y > 40 && y < h - 40 ? `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle" class="rk-name">${html(f.properties.name)}</text>` : "";
    })
    .join("");
  const [ox, oy] = xy([daten.lon, daten.lat]);
  const massstab = massstabLaenge(2 * halbB);
  const ml = massstab * s;
  return `<svg class="rk-karte" style="height:${KARTE_HOEHE_MM}mm" viewBox="0 0 ${w} ${h}" role="img" aria-label="Karte der Umgebung mit dem Umkreis von ${html(meter(r))} und den nummerierten Angeboten">
    <defs><clipPath id="rk-rahmen"><rect width="${w}" height="${h}"/></clipPath></defs>
    <rect width="${w}" height="${h}" fill="#fff"/>
    <g clip-path="url(#rk-rahmen)">${grenzen}${namen}
      <circle cx="${ox.toFixed(1)}" cy="${oy.toFixed(1)}" r="${(r * s).toFixed(1)}" class="rk-umkreis"/>
      ${angebote}
      <circle cx="${ox.toFixed(1)}" cy="${oy.toFixed(1)}" r="13" fill="#000" stroke="#fff" stroke-width="4"/>
    </g>
    <rect width="${w}" height="${h}" fill="none" stroke="#444" stroke-width="3"/>
    <g transform="translate(${w - 60} 30)"><polygon points="0,0 16,44 0,34 -16,44" fill="#222"/><text x="0" y="72" text-anchor="middle" class="rk-nord">N</text></g>
    <g transform="translate(30 ${h - 40})"><rect x="-10" y="-34" width="${(ml + 20).toFixed(1)}" height="54" fill="#fff" opacity=".85"/><line x1="0" y1="0" x2="${ml.toFixed(1)}" y2="0" stroke="#000" stroke-width="6"/><text x="${(ml / 2).toFixed(1)}" y="-12" text-anchor="middle" class="rk-massstab">${html(meter(massstab))}</text></g>
  </svg>`;
}

/** The sheet's HTML with at most `je` offers per category and a map `karteMm` high. */
export function ressourcenkarteHtml({ daten, kommunen, konfiguration }, je = Infinity, karteMm = 95) {
  const gekuerzt = { ...daten, gruppen: daten.gruppen.map((g) => ({ ...g, angebote: g.angebote.slice(0, je) })) };
  const gruppen = gekuerzt.gruppen
    .map((g) => {
      const mehr = g.im_umkreis > g.angebote.length ? `, ${g.im_umkreis} im Umkreis, die nächsten ${g.angebote.length}` : g.im_umkreis ? `, ${g.im_umkreis} im Umkreis` : ", keines im Umkreis";
      const zeilen = g.angebote
        .map((a) => {
          const adresse = [a.strasse, [a.plz, a.ort].filter(Boolean).join(" ")].filter(Boolean).join(", ");
          return `<li><span class="rk-nr" style="background:${html(g.farbe)}">${a.nummer}</span><span><strong>${html(a.name)}</strong>${a.beispiel ? " (Beispiel)" : ""}${adresse ? ` · ${html(adresse)}` : ""} · <span class="rk-weg">${meter(a.entfernung_m)}${a.im_umkreis ? "" : ", außerhalb"}</span></span></li>`;
        })
        .join("");
      return `<section class="rk-gruppe"><h2>${html(g.kategorie.bezeichnung)}<span class="rk-anzahl">${html(mehr)}</span></h2><ol>${zeilen}</ol></section>`;
    })
    .join("");
  const ort = daten.kommune ? `Ort in ${html(daten.kommune.name)}` : "Ort außerhalb des Kreises";
  const heute = new Date().toLocaleDateString("de-DE");
  const beispiel = daten.gruppen.some((g) => g.angebote.some((a) => a.beispiel));
  return `<header class="rk-kopf"><h1>Ressourcenkarte</h1><p>Angebote in der Nähe · ${ort} · Umkreis ${html(meter(daten.radius_m))} Luftlinie · ${html(daten.stand)} · erstellt am ${heute}</p></header>
    ${karteSvg(gekuerzt, kommunen, karteMm)}
    <p class="rk-legende">Schwarzer Punkt: der besprochene Ort · gestrichelt: Umkreis von ${html(meter(daten.radius_m))} · Zahlen: die Angebote der Liste${beispiel ? " · (Beispiel): Beispieldaten, kein reales Angebot" : ""}</p>
    <div class="rk-liste">${gruppen}</div>
    <footer class="rk-fuss">Entfernungen in Luftlinie; ${zahl(daten.im_umkreis)} Angebote im Umkreis. ${html(daten.datenschutz)} Quellen: ${html(daten.quellen)}; ${html(konfiguration.quelle_grenzen)}.</footer>`;
}

/** Fills the print section so that it fits one page: the type shrinks first, then the map,
 * and only then fewer offers per category are listed (the nearest stay). Gives the layout. */
export function ressourcenkarteFuellen(blatt, eingabe) {
  blatt.hidden = false;
  const hoehe = HOEHE_MM * PX_JE_MM;
  const meiste = Math.max(1, ...eingabe.daten.gruppen.map((g) => g.angebote.length));
  let letzte = null;
  for (let je = meiste; je >= 1; je--) {
    for (const karteMm of [95, 80, 65]) {
      blatt.innerHTML = ressourcenkarteHtml(eingabe, je, karteMm);
      for (let pt = 9; pt >= 6.5; pt -= 0.5) {
        blatt.style.fontSize = `${pt}pt`;
        letzte = { pt, karteMm, je };
        if (blatt.scrollHeight <= hoehe) return letzte;
      }
    }
  }
  return letzte;
}
