// The profile of one Kommune in a dialog: population, indicators against the Kreis with time
// series, offers in the Kommune, coverage. Printable on its own.

import { holen, mitStand } from "./api.js";
import { html, leer, meter, prozent, zahl } from "./format.js";

/** A line chart of a time series: Kommune (solid, blue) against the Kreis (dashed, grey), with
 * axes and a point per year that shows its values on hover and keyboard focus. */
function zeitreihe(reihe, einheit, name) {
  const punkte = reihe.filter((r) => r.wert !== null || r.kreiswert !== null);
  if (punkte.length < 2) return "";
  const [w, h, links, unten, oben, rechts] = [300, 130, 44, 22, 8, 12];
  const werte = punkte.flatMap((r) => [r.wert, r.kreiswert]).filter((x) => x !== null);
  let min = Math.min(...werte);
  let max = Math.max(...werte);
  if (max - min < 1e-9) { min -= 1; max += 1; }
  const rand = (max - min) * 0.08;
  min -= rand;
  max += rand;
  const jahre = punkte.map((r) => r.jahr);
  const x = (j) => links + ((j - jahre[0]) / Math.max(1, jahre[jahre.length - 1] - jahre[0])) * (w - links - rechts);
  const y = (v) => h - unten - ((v - min) / (max - min)) * (h - unten - oben);
  const stellen = Math.abs(max) >= 100 ? 0 : 1;
  const linie = (feld) => punkte.filter((r) => r[feld] !== null).map((r) => `${x(r.jahr).toFixed(1)},${y(r[feld]).toFixed(1)}`).join(" ");
  const ticks = [min + rand, (min + max) / 2, max - rand];
  // Year labels at least 30 px apart; the first and the last year always.
  const jahrTicks = [];
  for (const j of [jahre[0], ...[...jahre].reverse()]) {
    if (jahrTicks.every((t) => Math.abs(x(t) - x(j)) >= 30)) jahrTicks.push(j);
  }
  const text = (r) => `${r.jahr}: ${name} ${r.wert === null ? leer(r.status) : `${zahl(r.wert, stellen)} ${einheit}`}; Kreis ${r.kreiswert === null ? "keine Angabe" : zahl(r.kreiswert, stellen)}`;
  const beschreibung = `Zeitreihe ${jahre[0]}–${jahre[jahre.length - 1]}: ${punkte.map((r) => `${r.jahr} ${r.wert === null ? leer(r.status) : zahl(r.wert, stellen)}`).join(", ")} ${einheit}`;
  const achsen = [
    `<line x1="${links}" y1="${h - unten}" x2="${w - rechts}" y2="${h - unten}" stroke="#555"/>`,
    `<line x1="${links}" y1="${oben}" x2="${links}" y2="${h - unten}" stroke="#555"/>`,
    ...ticks.map((t) => `<line x1="${links - 3}" y1="${y(t).toFixed(1)}" x2="${w - rechts}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/><text x="${links - 5}" y="${(y(t) + 3).toFixed(1)}" font-size="9" text-anchor="end" fill="#333">${zahl(t, stellen)}</text>`),
    ...jahrTicks.map((j) => `<text x="${x(j).toFixed(1)}" y="${h - 8}" font-size="9" text-anchor="middle" fill="#333">${j}</text>`),
  ].join("");
  const kreise = punkte.flatMap((r) => [["wert", "#0b5394"], ["kreiswert", "#777"]].filter(([f]) => r[f] !== null).map(([f, farbe]) => `<circle class="zeitreihe-punkt" cx="${x(r.jahr).toFixed(1)}" cy="${y(r[f]).toFixed(1)}" r="4" fill="${farbe}" tabindex="0" role="img" aria-label="${html(text(r))}" data-text="${html(text(r))}"><title>${html(text(r))}</title></circle>`)).join("");
  return `<figure class="zeitreihe-bild"><svg class="zeitreihe" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="group" aria-label="${html(beschreibung)}">${achsen}
    <polyline points="${linie("kreiswert")}" fill="none" stroke="#777" stroke-width="1.5" stroke-dasharray="4 3"/>
    <polyline points="${linie("wert")}" fill="none" stroke="#0b5394" stroke-width="2"/>${kreise}</svg>
    <figcaption class="zeitreihe-info klein" aria-live="polite">Punkt berühren oder mit Tab wählen: Werte des Jahres</figcaption></figure>`;
}

export async function profilZeigen(dialog, ags, schema, konfiguration) {
  const inhalt = dialog.querySelector("#profil-inhalt");
  const q = schema ? `?schema=${encodeURIComponent(schema)}` : "";
  dialog.querySelector("#profil-steckbrief").href = mitStand(`api/berichte/kommunen/${encodeURIComponent(ags)}.pdf${q}`);
  dialog.querySelector("#profil-titel").textContent = "Profil wird geladen …";
  inhalt.innerHTML = "";
  if (!dialog.open) dialog.showModal();
  let p;
  try {
    p = await holen(`api/profil/${encodeURIComponent(ags)}`, { schema });
  } catch (e) {
    dialog.querySelector("#profil-titel").textContent = "Profil nicht verfügbar";
    inhalt.innerHTML = `<p class="status fehler">${html(e.message)}</p>`;
    return;
  }
  const k = p.kommune;
  dialog.querySelector("#profil-titel").textContent = `${k.name} (${k.bez})`;
  const zg = p.zielgruppen.map((z) => `<tr><th scope="row">${html(z.bezeichnung)}</th><td class="zahl">${zahl(z.personen)}</td></tr>`).join("");
  const ind = p.indikatoren
    .map((i) => {
      const a = i.aktuell || {};
      const wert = a.wert === null || a.wert === undefined ? leer(a.status) : `${zahl(a.wert, 1)} ${i.einheit}`;
      const kreis = a.kreiswert === null || a.kreiswert === undefined ? "–" : zahl(a.kreiswert, 1);
      const index = i.index_kreis === null ? "–" : zahl(i.index_kreis, 1);
      return `<tr><th scope="row">${html(i.name)}${i.beispiel ? " <em>(Beispiel)</em>" : ""}<br><span class="klein">${a.jahr ?? ""}</span></th>
        <td class="zahl">${html(wert)}</td><td class="zahl">${kreis}</td><td class="zahl">${index}</td><td>${zeitreihe(i.zeitreihe, i.einheit, k.name)}</td></tr>`;
    })
    .join("");
  const ang = p.angebote.length
    ? p.angebote.map((o) => `<li>${html(o.name)} – ${html(o.kategorie_bezeichnung)}${o.beispiel ? " <em>(Beispiel)</em>" : ""}<br><span class="klein">${html([o.strasse, [o.plz, o.ort].filter(Boolean).join(" ")].filter(Boolean).join(", "))}</span></li>`).join("")
    : "<li>keine Angebote im Datensatz</li>";
  const vers = p.versorgung
    .map((v) => {
      const zelle = (x) => (x === null ? "nicht ausgewiesen" : prozent(x));
      return `<tr><th scope="row">${html(v.kategorie.bezeichnung)}${v.kategorie.beispiel ? " <em>(Beispiel)</em>" : ""}</th>
        <td class="zahl">${zelle(v.kommune.anteil_1000)}</td><td class="zahl">${zelle(v.kommune.anteil_2000)}</td><td class="zahl">${zelle(v.kommune.anteil_5000)}</td><td class="zahl">${zelle(v.kreis.anteil_2000)}</td></tr>`;
    })
    .join("");
  inhalt.innerHTML = `
    <p>${zahl(k.einwohner)} Einwohnerinnen und Einwohner (${html(konfiguration.stand_bevoelkerung)}), ${zahl(k.flaeche_km2, 1)} km², ${zahl(k.dichte)} Einw./km².
      ${html(k.jugendamt)}${k.eigenes_jugendamt ? " (eigenes Jugendamt)" : ""}${k.region ? `, Region ${html(k.region)}` : ""}.</p>
    <div class="profil-raster">
      <section><h3>Bevölkerung nach Zielgruppe</h3><table class="daten"><tbody>${zg}</tbody></table>
        <p class="klein">Schätzung aus der Bevölkerungsfläche (${html(p.bevoelkerungsbasis)}).</p></section>
      <section><h3>Angebote in der Kommune</h3><ul class="liste">${ang}</ul></section>
    </div>
    <section><h3>Indikatoren im Vergleich zum Kreis</h3>
      <table class="daten"><thead><tr><th scope="col">Indikator</th><th scope="col" class="zahl">Wert</th><th scope="col" class="zahl">Kreis</th><th scope="col" class="zahl">Index (Kreis = 100)</th><th scope="col">Zeitreihe (blau durchgezogen: Kommune, grau gestrichelt: Kreis)</th></tr></thead><tbody>${ind}</tbody></table></section>
    <section><h3>Versorgung der unter 18-Jährigen (Anteil im Umkreis)</h3>
      <table class="daten"><thead><tr><th scope="col">Angebot</th><th scope="col" class="zahl">1 km</th><th scope="col" class="zahl">2 km</th><th scope="col" class="zahl">5 km</th><th scope="col" class="zahl">Kreis, 2 km</th></tr></thead><tbody>${vers}</tbody></table>
      <p class="klein">Entfernung: ${html(p.entfernungsmass)}. ${html(p.datenschutz.regel)}</p></section>`;
  // A point of a time series shows its values below the chart on hover and on focus.
  for (const punkt of inhalt.querySelectorAll(".zeitreihe-punkt")) {
    const zeigen = () => {
      punkt.closest("figure").querySelector(".zeitreihe-info").textContent = punkt.dataset.text;
    };
    punkt.addEventListener("mouseenter", zeigen);
    punkt.addEventListener("focus", zeigen);
  }
}

export { meter };
