// The Leaflet map: units as choropleth, Kommune names as labels, offers as markers, a hatch
// pattern for values hidden for data protection, scale bar and north arrow. Works without a
// tile server; a base map is added only when the service is configured with one.
/* global L */

import { html, leer, schriftFarbe } from "./format.js";

const SCHRAFFUR = "url(#schraffur-datenschutz)";

export class Karte {
  constructor(element, konfiguration) {
    this.karte = L.map(element, { zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: true, keyboard: true });
    this.karte.attributionControl.setPrefix(false);
    if (konfiguration.kacheln) {
      L.tileLayer(konfiguration.kacheln.url, { attribution: konfiguration.kacheln.attribution, maxZoom: 18 }).addTo(this.karte);
    }
    this.karte.attributionControl.addAttribution(html(konfiguration.quelle_grenzen));
    L.control.scale({ metric: true, imperial: false, position: "bottomleft", maxWidth: 160 }).addTo(this.karte);
    this.nordpfeil().addTo(this.karte);
    this.legendeSteuerung = this.box("karten-legende legende", "topright");
    this.quelleSteuerung = this.box("kartenquelle", "bottomleft");
    this.ebenen = { umriss: null, einheiten: null, ringe: L.layerGroup().addTo(this.karte), angebote: {}, ort: L.layerGroup().addTo(this.karte), szenario: L.layerGroup().addTo(this.karte), einzug: L.layerGroup().addTo(this.karte) };
    this.beiKlick = null;
    this.beiEinheit = null;
    this.karte.on("click", (e) => this.beiKlick && this.beiKlick(e.latlng));
  }

  box(klasse, position) {
    const Steuerung = L.Control.extend({
      onAdd: () => {
        const d = L.DomUtil.create("div", klasse);
        d.setAttribute("aria-hidden", "true");
        L.DomEvent.disableClickPropagation(d);
        return d;
      },
    });
    const s = new Steuerung({ position });
    s.addTo(this.karte);
    return s;
  }

  nordpfeil() {
    const Nord = L.Control.extend({
      onAdd: () => {
        const d = L.DomUtil.create("div", "nordpfeil");
        d.setAttribute("role", "img");
        d.setAttribute("aria-label", "Norden ist oben");
        d.innerHTML = '<svg width="22" height="30" viewBox="0 0 22 30" aria-hidden="true"><polygon points="11,2 19,26 11,20 3,26" fill="#222"/><polygon points="11,2 11,20 3,26" fill="#888"/></svg>N';
        return d;
      },
    });
    return new Nord({ position: "topleft" });
  }

  /** The hatch pattern for hidden values, placed into Leaflet's SVG once it exists. */
  schraffurSicherstellen() {
    const svg = this.karte.getPanes().overlayPane.querySelector("svg");
    if (!svg || svg.querySelector("#schraffur-datenschutz")) return;
    const ns = "http://www.w3.org/2000/svg";
    const defs = document.createElementNS(ns, "defs");
    defs.innerHTML = '<pattern id="schraffur-datenschutz" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#666" stroke-width="3"/></pattern>';
    svg.insertBefore(defs, svg.firstChild);
  }

  /** The Kreis outline, drawn once below everything. */
  umriss(geojson) {
    this.ebenen.umriss = L.geoJSON(geojson, { style: { color: "#222", weight: 3, fill: false, className: "kreis-umriss" }, interactive: false }).addTo(this.karte);
    this.einpassen();
  }

  /** Fits the Kreis into the map, leaving room for the legend on the map when it is shown. */
  einpassen() {
    if (!this.ebenen.umriss) return;
    // A hidden map (charts shown in its place) has no size to fit into.
    const el = this.karte.getContainer();
    if (!el.offsetWidth || !el.offsetHeight) return;
    this.karte.invalidateSize();
    const legende = this.legendeSteuerung.getContainer();
    const quelle = this.quelleSteuerung.getContainer();
    const rechts = legende.offsetWidth > 0 ? legende.offsetWidth + 20 : 10;
    const unten = quelle.offsetHeight > 0 ? quelle.offsetHeight + 40 : 30;
    // Without animation: a zoom animation still running would undo a fit made right after it.
    this.karte.fitBounds(this.ebenen.umriss.getBounds(), { paddingTopLeft: [40, 10], paddingBottomRight: [rechts, unten], animate: false });
  }

  /**
   * Draws units. `eintrag(feature)` gives `{farbe, status, text}`: the fill, the data-protection
   * status and the value text for the tooltip.
   */
  einheiten(geojson, eintrag) {
    if (this.ebenen.einheiten) this.ebenen.einheiten.remove();
    this.ebenen.einheiten = L.geoJSON(geojson, {
      style: (f) => {
        const e = eintrag(f);
        // Hatched: hidden for data protection, or marked as not classifiable by the view.
        const gesperrt = e.status === "nicht_ausgewiesen" || e.schraffur === true;
        const eigenes = f.properties.eigenes_jugendamt;
        return {
          color: eigenes ? "#111" : "#444",
          weight: eigenes ? 2.5 : 1,
          dashArray: eigenes ? "6 4" : null,
          fillColor: gesperrt ? SCHRAFFUR : e.farbe,
          fillOpacity: gesperrt ? 1 : 0.8,
        };
      },
      onEachFeature: (f, ebene) => {
        const p = f.properties;
        const e = eintrag(f);
        const wert = e.text ?? leer(e.status);
        const zusatz = p.eigenes_jugendamt ? "<br><em>eigenes Jugendamt</em>" : "";
        ebene.bindTooltip(`<strong>${html(p.name)}</strong><br>${html(wert)}${zusatz}`, { sticky: true });
        ebene.on("click", (ev) => {
          L.DomEvent.stopPropagation(ev);
          if (this.beiKlick && this.klickModus) this.beiKlick(ev.latlng);
          else if (this.beiEinheit) this.beiEinheit(p);
        });
        ebene.on("add", () => {
          const el = ebene.getElement();
          if (!el) return;
          el.setAttribute("data-id", p.id);
          el.setAttribute("data-farbe", e.farbe ?? "");
          el.setAttribute("data-status", e.status ?? "");
          el.classList.add("einheit", p.art === "kommune" ? "einheit-kommune" : "einheit-aggregat");
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "button");
          el.setAttribute("aria-label", `${p.name}: ${wert}. Eingabetaste öffnet das Profil.`);
          el.addEventListener("keydown", (k) => {
            if ((k.key === "Enter" || k.key === " ") && this.beiEinheit) {
              k.preventDefault();
              this.beiEinheit(p);
            }
          });
        });
      },
    }).addTo(this.karte);
    this.schraffurSicherstellen();
    this.beschriften(geojson);
    this.ebenen.einheiten.bringToBack();
  }

  beschriften(geojson) {
    if (this.beschriftung) this.beschriftung.remove();
    this.beschriftung = L.layerGroup();
    this.namen = [];
    L.geoJSON(geojson).eachLayer((l) => {
      const p = l.feature.properties;
      const grenzen = l.getBounds();
      const punkt = this.innenpunkt(l, grenzen.getCenter());
      const t = L.tooltip({ permanent: true, direction: "center", className: "kommune-name", interactive: false })
        .setLatLng(punkt).setContent(html(p.name)).addTo(this.beschriftung);
      // Where names would overlap, the Kommune with more inhabitants keeps its name.
      const groesse = p.einwohner ?? (grenzen.getEast() - grenzen.getWest()) * (grenzen.getNorth() - grenzen.getSouth());
      this.namen.push({ t, groesse });
    });
    this.beschriftung.addTo(this.karte);
    this.namen.sort((a, b) => b.groesse - a.groesse);
    if (!this.entzerrenAn) {
      this.entzerrenAn = true;
      this.karte.on("zoomend moveend resize", () => this.namenEntzerren());
    }
    this.namenEntzerren();
  }

  /** Hides names that would overlap a name already shown (the area keeps its tooltip). */
  namenEntzerren() {
    const gezeigt = [];
    for (const { t } of this.namen || []) {
      const el = t.getElement();
      if (!el) continue;
      el.style.visibility = "";
      const r = el.getBoundingClientRect();
      const ueberlappt = gezeigt.some((g) => r.left < g.right - 1 && r.right > g.left + 1 && r.top < g.bottom - 1 && r.bottom > g.top + 1);
      if (ueberlappt) el.style.visibility = "hidden";
      else gezeigt.push(r);
    }
  }

  /** The bounds centre, or if it lies outside the area, a vertex-average that does. */
  innenpunkt(ebene, mitte) {
    const ringe = ebene.getLatLngs().flat(3);
    if (ringe.length === 0) return mitte;
    const innen = (pt) => {
      let drin = false;
      const polygone = ebene.feature.geometry.type === "Polygon" ? [ebene.feature.geometry.coordinates] : ebene.feature.geometry.coordinates;
      for (const poly of polygone) {
        for (const ring of poly) {
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i];
            const [xj, yj] = ring[j];
            if ((yi > pt.lat) !== (yj > pt.lat) && pt.lng < ((xj - xi) * (pt.lat - yi)) / (yj - yi) + xi) drin = !drin;
          }
        }
      }
      return drin;
    };
    if (innen(mitte)) return mitte;
    const n = ringe.length;
    const schnitt = L.latLng(ringe.reduce((s, p) => s + p.lat, 0) / n, ringe.reduce((s, p) => s + p.lng, 0) / n);
    return innen(schnitt) ? schnitt : ringe[0];
  }

  /** Offer markers by category, each category a layer that can be switched on and off. */
  angebote(geojson, kategorien, popup) {
    const farbe = Object.fromEntries(kategorien.map((k) => [k.id, k.farbe]));
    const symbol = Object.fromEntries(kategorien.map((k) => [k.id, k.symbol]));
    for (const k of kategorien) this.ebenen.angebote[k.id] = L.layerGroup();
    for (const f of geojson.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const s = symbol[p.kategorie] || "•";
      const groesse = s.length > 1 ? 22 : 18;
      const icon = L.divIcon({
        className: "",
        html: `<div class="marker-angebot${p.beispiel ? " beispiel" : ""}" data-id="${html(p.id)}" style="background:${farbe[p.kategorie]};color:${schriftFarbe(farbe[p.kategorie])};width:${groesse}px;height:${groesse}px" aria-hidden="true">${html(s)}</div>`,
        iconSize: [groesse, groesse],
        iconAnchor: [groesse / 2, groesse / 2],
      });
      const m = L.marker([lat, lon], { icon, title: `${p.name} (${p.kategorie_bezeichnung})`, alt: p.name, keyboard: true });
      m.bindPopup(() => popup(p));
      m.angebot = p;
      this.ebenen.angebote[p.kategorie]?.addLayer(m);
    }
  }

  /** Replaces every offer marker (other day, or after a change). */
  angeboteErsetzen(geojson, kategorien, popup) {
    for (const e of Object.values(this.ebenen.angebote)) e.remove();
    this.ebenen.angebote = {};
    this.angebote(geojson, kategorien, popup);
  }

  angeboteZeigen(kategorie, an) {
    const e = this.ebenen.angebote[kategorie];
    if (!e) return;
    if (an) e.addTo(this.karte);
    else e.remove();
  }

  /** Circles of `radius_m` around the offers of a category. */
  ringe(kategorie, radius_m, an) {
    this.ebenen.ringe.clearLayers();
    if (!an || !this.ebenen.angebote[kategorie]) return;
    this.ebenen.angebote[kategorie].eachLayer((m) => {
      L.circle(m.getLatLng(), { radius: radius_m, color: "#08306b", weight: 1, fill: false, dashArray: "4 3", interactive: false }).addTo(this.ebenen.ringe);
    });
  }

  legende(htmlText) {
    this.legendeSteuerung.getContainer().innerHTML = htmlText;
  }

  /** Credits the path and road network's source (OpenStreetMap) while `an`. */
  netzQuelle(an) {
    const osm = "Wegenetz © OpenStreetMap-Mitwirkende (ODbL)";
    this.karte.attributionControl?.removeAttribution(osm);
    if (an) this.karte.attributionControl?.addAttribution(osm);
  }

  quelle(text) {
    this.quelleSteuerung.getContainer().textContent = text;
  }
}
