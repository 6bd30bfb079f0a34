// The legend of a choropleth as HTML: classes with labels and counts, the hatched class for
// values hidden for data protection, "keine Angabe", the Kreis value, source and Stand.

import { html, schriftFarbe, zahl } from "./format.js";

function klasse(farbe, text, { muster = "" } = {}) {
  const stil = farbe ? ` style="background:${farbe}"` : "";
  return `<li><span class="farbfeld ${muster}"${stil} aria-hidden="true"></span><span>${text}</span></li>`;
}

/** Legend HTML for the `legende` object of /api/indikatoren/{id}. */
export function legendeHtml(l, { titel = l.titel, zusatz = "" } = {}) {
  const teile = [`<h2>${html(titel)}</h2>`, "<ul>"];
  for (const k of l.klassen) teile.push(klasse(k.farbe, `${html(k.bezeichnung)} (${k.anzahl})`));
  if (l.datenschutz.anzahl > 0) teile.push(klasse(null, `nicht ausgewiesen (Datenschutz) (${l.datenschutz.anzahl})`, { muster: "schraffur" }));
  if (l.keine_angabe.anzahl > 0) teile.push(klasse(l.keine_angabe.farbe, `keine Angabe (${l.keine_angabe.anzahl})`));
  teile.push(klasse(null, "gestrichelt: Kommune mit eigenem Jugendamt", { muster: "wetzlar" }));
  teile.push("</ul>");
  if (l.kreiswert) teile.push(`<p class="hinweis">Vergleichswert ${html(l.kreiswert.bezeichnung)}</p>`);
  if (l.aggregation) teile.push(`<p class="hinweis">${html(l.aggregation)}</p>`);
  teile.push(`<p class="hinweis">Klassen: ${html(l.methode_bezeichnung)}; Farben: ${html(l.palette.bezeichnung)}${l.palette.farbenblind_geeignet ? " (farbenblind-geeignet)" : " (nicht farbenblind-geeignet)"}</p>`);
  if (zusatz) teile.push(`<p class="hinweis">${zusatz}</p>`);
  if (l.beispiel) teile.push('<p class="hinweis"><strong>Beispieldaten</strong> – nicht amtlich.</p>');
  teile.push(`<p class="hinweis quelle-hinweis">Quelle: ${html(l.quelle)}. Stand: ${html(l.stand)}</p>`);
  return teile.join("");
}

/** The 3 × 3 legend of need × supply as a real table: need in rows (high at the top), supply
 * in columns (low at the left), the number of Kommunen in each cell. */
export function bivariatHtml(legende, titel) {
  const feld = (b, v) => legende.find((x) => x.bedarf === b && x.versorgung === v);
  const stufe = ["", "gering", "mittel", "hoch"];
  const versorgung = ["", "gering", "mittel", "gut"];
  const zeilen = [`<h2>${html(titel)}</h2>`, '<table class="bivariat"><caption>Anzahl der Kommunen je Feld: Zeilen Bedarf, Spalten Versorgung</caption>'];
  zeilen.push(`<thead><tr><td></td><th scope="colgroup" colspan="3">Versorgung</th></tr><tr><td></td>${[1, 2, 3].map((v) => `<th scope="col">${versorgung[v]}</th>`).join("")}</tr></thead><tbody>`);
  for (const b of [3, 2, 1]) {
    zeilen.push(`<tr><th scope="row">Bedarf ${stufe[b]}</th>`);
    for (const v of [1, 2, 3]) {
      const f = feld(b, v);
      zeilen.push(`<td class="z" style="background:${f.farbe};color:${schriftFarbe(f.farbe)}" title="${html(f.bezeichnung)}">${f.anzahl}</td>`);
    }
    zeilen.push("</tr>");
  }
  zeilen.push("</tbody></table>");
  zeilen.push('<p class="hinweis">↑ Bedarf steigt nach oben, ← Versorgung wird nach links schlechter: das dunkelste Feld oben links ist hoher Bedarf bei geringer Versorgung.</p>');
  return zeilen.join("");
}

export function kurzzahl(x, stellen) {
  return zahl(x, stellen);
}

/**
 * The links to the map of a view as PNG (the chosen paper) and SVG; a title or subtitle the
 * planner typed for print and presentation goes along.
 */
export function kartenDateien(ansicht, parameter, s) {
  const q = new URLSearchParams(parameter);
  if (s.titel) q.set("titel", s.titel);
  if (s.untertitel) q.set("untertitel", s.untertitel);
  if (s.papier === "A3") q.set("format", "A3");
  if (s.ausrichtung === "hoch") q.set("ausrichtung", "hoch");
  const blatt = `${s.papier === "A3" ? "A3" : "A4"} ${s.ausrichtung === "hoch" ? "hoch" : "quer"}`;
  return [
    { text: `Karte als PNG (${blatt})`, href: `api/karten/${ansicht}.png?${q}` },
    { text: "Karte als SVG", href: `api/karten/${ansicht}.svg?${q}` },
  ];
}
