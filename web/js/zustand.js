// The view in the URL: everything a planner chose is in the fragment (#ansicht=…&indikator=…),
// so a view can be bookmarked or sent – except a place asked about in "In der Nähe": it may be
// a family's home, so it stays in memory only (not in the URL, the history or a bookmark).

const standard = {
  ansicht: "indikator",
  indikator: "kinderarmut",
  jahr: "",
  ebene: "kommune",
  schema: "",
  methode: "quantile",
  klassen: "5",
  grenzen: "",
  palette: "",
  kategorie: "familienzentrum",
  zielgruppe: "unter18",
  schwelle: "2000",
  umweg: "1",
  mass: "luftlinie",
  einheit: "m",
  minuten: "10",
  ringe: "1",
  angebote: "familienzentrum",
  lon: "",
  lat: "",
  radius: "2000",
  bedarf: "kinderarmut",
  titel: "",
  untertitel: "",
  praesentation: "",
  papier: "A4",
  ausrichtung: "quer",
  plan: "",
  weg: "",
  szkarte: "nachher",
  stand: "",
  vergleich: "",
  anzahl: "3",
  kandidaten: "zellen",
  gewicht: "",
  bkommune: "",
  bstatus: "",
};

/** Kept in memory only, never in the URL. */
const FLUECHTIG = new Set(["lon", "lat"]);

let werte = { ...standard };

// The data set's defaults (vorgaben.csv, from /api/konfiguration) replace the built-in ones.
export function vorgabenSetzen(vorgaben) {
  Object.assign(standard, vorgaben);
}
const beobachter = [];

export function laden() {
  const q = new URLSearchParams(location.hash.slice(1));
  const fluechtig = Object.fromEntries([...FLUECHTIG].map((k) => [k, werte[k]]));
  werte = { ...standard, ...fluechtig };
  for (const k of Object.keys(standard)) {
    if (q.has(k) && !FLUECHTIG.has(k)) werte[k] = q.get(k);
  }
  return werte;
}

export function lesen(k) {
  return werte[k];
}

export function setzen(aenderungen, { melden = true } = {}) {
  Object.assign(werte, aenderungen);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(werte)) {
    if (v !== "" && v !== standard[k] && !FLUECHTIG.has(k)) q.set(k, v);
  }
  const hash = q.toString();
  history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  if (melden) for (const b of beobachter) b(werte);
}

export function beobachten(f) {
  beobachter.push(f);
}
