// The offers on the map: the category switches, the legend (the view's legend plus an entry
// per drawn category, and the "Beispieldaten" mark), and the offer popups with the scenario's
// open/close button.

import { html, schriftFarbe } from "../format.js";
import * as zustand from "../zustand.js";
import { entfernte } from "../ansichten/szenario.js";
import { einzugsbereichHtml, einzugsbereichLeeren, einzugsbereichZeigen } from "../einzugsbereich.js";

const an = () => zustand.lesen("angebote").split(",").filter(Boolean);

export class Angebotsanzeige {
  constructor(karte, kategorien, angebote) {
    this.karte = karte;
    this.alleKategorien = kategorien;
    this.kategorien = this.gezaehlt(angebote);
    this.ansichtsLegende = { text: "", beispiel: false };
    /** The network profiles of the data set (empty: no network, no catchment areas). */
    this.netzMasse = [];
    karte.angebote(angebote, kategorien, (p) => this.popup(p));
    karte.karte.on("popupopen", (e) => this.popupGeoeffnet(e));
    this.schalter = document.getElementById("angebote-schalter");
    this.schalter.addEventListener("change", () => {
      const gewaehlt = [...this.schalter.querySelectorAll("input:checked")].map((i) => i.value);
      zustand.setzen({ angebote: gewaehlt.join(",") }, { melden: false });
      this.zeichnen();
    });
  }

  popup(p) {
    const s = zustand.laden();
    const zeilen = [
      `<strong>${html(p.name)}</strong>`,
      html(p.kategorie_bezeichnung),
      p.traeger ? `Träger: ${html(p.traeger)}` : "",
      html([p.strasse, [p.plz, p.ort].filter(Boolean).join(" ")].filter(Boolean).join(", ")),
      p.beispiel ? "<em>Beispieldaten</em>" : "",
    ].filter(Boolean);
    if (this.netzMasse.length) {
      const mass = this.netzMasse.find((m) => m.id === s.mass) || this.netzMasse[0];
      zeilen.push(`<button type="button" class="einzug-schalter" data-id="${html(p.id)}" data-mass="${html(mass.id)}">Einzugsbereich (${html(mass.bezeichnung)})</button>`);
    }
    if (s.ansicht === "szenario" && p.kategorie === s.kategorie) {
      const zu = entfernte(s).includes(p.id);
      zeilen.push(`<button type="button" class="szenario-schalter" data-id="${html(p.id)}">${zu ? "im Szenario wieder öffnen" : "im Szenario schließen"}</button>`);
    }
    return zeilen.join("<br>");
  }

  popupGeoeffnet(e) {
    const element = e.popup.getElement();
    const einzug = element?.querySelector(".einzug-schalter");
    einzug?.addEventListener("click", async () => {
      const inhalt = element.querySelector(".leaflet-popup-content");
      einzug.disabled = true;
      try {
        const v = await einzugsbereichZeigen(this.karte, { angebot: einzug.dataset.id }, einzug.dataset.mass, zustand.laden().zielgruppe);
        inhalt.insertAdjacentHTML("beforeend", `<div class="einzug-popup">${einzugsbereichHtml(v, true)}</div>`);
        einzug.remove();
        // The popup grew upwards: pan the map until its top is inside the frame again.
        const karte = this.karte.karte;
        const ueber = element.getBoundingClientRect().top - karte.getContainer().getBoundingClientRect().top - 8;
        if (ueber < 0) karte.panBy([0, ueber], { animate: false });
        inhalt.querySelector(".einzug-weg")?.addEventListener("click", () => {
          einzugsbereichLeeren(this.karte);
          this.karte.karte.closePopup();
        });
      } catch (fehler) {
        inhalt.insertAdjacentHTML("beforeend", `<p class="eingabefehler" role="alert">${html(fehler.message)}</p>`);
      }
    });
    const b = element?.querySelector(".szenario-schalter");
    if (!b) return;
    b.addEventListener("click", () => {
      const weg = entfernte(zustand.laden());
      const neu = weg.includes(b.dataset.id) ? weg.filter((x) => x !== b.dataset.id) : [...weg, b.dataset.id];
      this.karte.karte.closePopup();
      zustand.setzen({ weg: neu.join(",") });
    });
  }

  legende(text, beispiel) {
    this.ansichtsLegende = { text, beispiel };
    this.legendeZeichnen();
  }

  legendeZeichnen() {
    const gezeigt = this.kategorien.filter((k) => an().includes(k.id));
    const eintraege = gezeigt
      .map((k) => `<li><span class="marker-angebot${k.beispiel ? " beispiel" : ""}" style="background:${k.farbe};color:${schriftFarbe(k.farbe)};width:18px;height:18px;flex:none" aria-hidden="true">${html(k.symbol)}</span><span>${html(k.bezeichnung)} (${k.anzahl})${k.beispiel ? " – <strong>Beispieldaten</strong>" : ""}</span></li>`)
      .join("");
    const text = this.ansichtsLegende.text + (gezeigt.length ? `<h3 class="legende-angebote">Angebote auf der Karte</h3><ul>${eintraege}</ul>` : "");
    document.getElementById("legende").innerHTML = text;
    this.karte.legende(text);
    document.getElementById("beispiel-hinweis").hidden = !(this.ansichtsLegende.beispiel || gezeigt.some((k) => k.beispiel));
  }

  zeichnen() {
    const gewaehlt = an();
    this.schalter.innerHTML = this.kategorien
      .map((k) => `<label class="ankreuzen"><input type="checkbox" value="${k.id}" ${gewaehlt.includes(k.id) ? "checked" : ""}><span class="marker-angebot" style="background:${k.farbe};color:${schriftFarbe(k.farbe)};width:20px;height:20px" aria-hidden="true">${html(k.symbol)}</span> ${html(k.bezeichnung)} (${k.anzahl}${k.beispiel ? ", Beispieldaten" : ""})</label>`)
      .join("");
    for (const k of this.kategorien) this.karte.angeboteZeigen(k.id, gewaehlt.includes(k.id));
    this.legendeZeichnen();
  }

  /** The offers of another day, or after a change: markers and counts. */
  neuLaden(angebote) {
    this.kategorien = this.gezaehlt(angebote);
    this.karte.angeboteErsetzen(angebote, this.alleKategorien, (p) => this.popup(p));
    this.zeichnen();
  }

  /** The categories with offers among `angebote` (of the page's day), with their counts. */
  gezaehlt(angebote) {
    const anzahl = {};
    for (const f of angebote.features) anzahl[f.properties.kategorie] = (anzahl[f.properties.kategorie] || 0) + 1;
    return this.alleKategorien.map((k) => ({ ...k, anzahl: anzahl[k.id] || 0 })).filter((k) => k.anzahl > 0);
  }

  sicherstellen(kategorie) {
    if (!an().includes(kategorie)) {
      zustand.setzen({ angebote: [...an(), kategorie].join(",") }, { melden: false });
      this.zeichnen();
    }
  }
}
