// The choices the server owns: categories, target groups, region schemes, Kommunen, and the
// distance thresholds and radius of the data set (vorgaben.csv), filled into the page's selects.

import { html, meter } from "../format.js";

const optionen = (werte, text) => werte.map((w) => `<option value="${html(w.id)}">${html(text(w))}</option>`).join("");

export function auswahlFuellen(konfiguration, kategorien, kommunen) {
  for (const sel of document.querySelectorAll(".kategorie-auswahl")) {
    sel.innerHTML = optionen(kategorien, (k) => `${k.bezeichnung}${k.beispiel ? " (Beispiel)" : ""}`);
  }
  for (const sel of document.querySelectorAll(".zielgruppe-auswahl")) sel.innerHTML = optionen(konfiguration.zielgruppen, (z) => z.bezeichnung);
  for (const sel of document.querySelectorAll(".schema-auswahl")) {
    sel.innerHTML = optionen(konfiguration.regionsschemata, (s) => `${s.bezeichnung}${s.beispiel ? " (Beispiel)" : ""}`);
  }
  document.getElementById("kommune-wahl").innerHTML += optionen(kommunen.features.map((f) => f.properties), (k) => k.name);
  const entfernungen = (liste) => optionen([...new Set(liste)].sort((a, b) => a - b).map((m) => ({ id: String(m), m })), (x) => meter(x.m));
  for (const sel of document.querySelectorAll(".schwellen-auswahl")) sel.innerHTML = entfernungen([...konfiguration.schwellen_m, konfiguration.schwelle_m]);
  document.getElementById("naehe-radius").innerHTML = entfernungen([...konfiguration.schwellen_m, konfiguration.radius_m]);
  // With a path and road network the profiles join the distance measures.
  const netz = konfiguration.masse.filter((m) => m.id !== "luftlinie");
  if (netz.length) {
    document.getElementById("vers-umweg").insertAdjacentHTML("beforeend", `<optgroup label="im Wegenetz (OpenStreetMap)">${optionen(netz, (m) => `${m.bezeichnung}${m.kmh ? ` (${String(m.kmh).replace(".", ",")} km/h)` : ""}`)}</optgroup>`);
  }
  document.getElementById("vers-baender").innerHTML = konfiguration.schwellen_m
    .map((m) => `<button type="button" data-schwelle="${m}">${html(meter(m))}</button>`)
    .join("");
}
