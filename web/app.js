// Preview map: Kommune boundaries and offers from the API, no base map needed.
const status = document.getElementById("status");

async function laden(url) {
  const antwort = await fetch(url);
  if (!antwort.ok) {
    const problem = await antwort.json().catch(() => ({}));
    throw new Error(problem.detail || `Antwort ${antwort.status}`);
  }
  return antwort.json();
}

try {
  const [kommunen, angebote, kategorien] = await Promise.all([
    laden("api/kommunen"), laden("api/angebote"), laden("api/kategorien"),
  ]);
  const farbe = Object.fromEntries(kategorien.map((k) => [k.id, k.farbe]));
  const karte = L.map("karte", { zoomSnap: 0.25 });
  const flaechen = L.geoJSON(kommunen, {
    style: (f) => ({ color: "#555", weight: 1, fillColor: f.properties.jugendamt.includes("Wetzlar") ? "#d9d9d9" : "#c6dbef", fillOpacity: 0.6 }),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "kommune-name" });
      layer.bindPopup(`<strong>${f.properties.name}</strong><br>${f.properties.einwohner.toLocaleString("de-DE")} Einwohner<br>${f.properties.jugendamt}`);
    },
  }).addTo(karte);
  L.geoJSON(angebote, {
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: "#fff", weight: 1, fillColor: farbe[f.properties.kategorie], fillOpacity: 1 }),
    onEachFeature: (f, layer) => layer.bindPopup(`<strong>${f.properties.name}</strong><br>${f.properties.kategorie_bezeichnung}${f.properties.beispiel ? "<br><em>Beispieldaten</em>" : ""}`),
  }).addTo(karte);
  karte.fitBounds(flaechen.getBounds());
  status.textContent = `${kommunen.features.length} Kommunen, ${angebote.features.length} Angebote geladen.`;
} catch (fehler) {
  status.textContent = `Die Daten konnten nicht geladen werden: ${fehler.message}. Bitte die Seite neu laden.`;
}
