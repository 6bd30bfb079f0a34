// Access to the sozialraum API: JSON with German error messages from problem+json.

export class ApiFehler extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function auswerten(antwort) {
  if (antwort.ok) return antwort.json();
  const problem = await antwort.json().catch(() => ({}));
  const detail = problem.detail
    || (antwort.status >= 500
      ? "Der Dienst konnte die Anfrage nicht beantworten. Bitte später erneut versuchen."
      : `Die Anfrage wurde abgelehnt (HTTP ${antwort.status}).`);
  throw new ApiFehler(antwort.status, detail);
}

// The day whose offers the page shows (`stand`, empty: today): added to every question that
// depends on offers, unless the caller names a `stand` itself (empty: today).
let stand = "";
const MIT_STAND = ["api/angebote", "api/naechste", "api/umkreis", "api/abdeckung", "api/entfernungen", "api/bedarf-angebot", "api/indikatoren/", "api/export/", "api/karten/", "api/profil/", "api/szenario", "api/ressourcenkarte", "api/standortvorschlag", "api/berichte/"];

export function standSetzen(tag) {
  stand = tag || "";
}

function nimmtStand(pfad) {
  return MIT_STAND.some((p) => pfad === p || (p.endsWith("/") && pfad.startsWith(p)) || pfad.startsWith(`${p}?`));
}

/** A link to a file of the API with the page's `stand`. */
export function mitStand(href) {
  if (!stand || !nimmtStand(href) || /[?&]stand=/.test(href)) return href;
  return `${href}${href.includes("?") ? "&" : "?"}stand=${stand}`;
}

/** GET a JSON resource; `parameter` is an object of query parameters (empty ones are left out). */
export async function holen(pfad, parameter = {}) {
  const q = new URLSearchParams();
  if (stand && nimmtStand(pfad) && !("stand" in parameter)) q.set("stand", stand);
  for (const [k, v] of Object.entries(parameter)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, v);
  }
  const url = q.toString() ? `${pfad}?${q}` : pfad;
  let antwort;
  try {
    antwort = await fetch(url);
  } catch {
    throw new ApiFehler(0, "Der Dienst ist nicht erreichbar. Bitte die Verbindung prüfen und die Seite neu laden.");
  }
  return auswerten(antwort);
}

/** POST a JSON body. */
export async function senden(pfad, koerper) {
  const mit = stand && nimmtStand(pfad) && !("stand" in koerper) ? { ...koerper, stand } : koerper;
  let antwort;
  try {
    antwort = await fetch(pfad, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(mit),
    });
  } catch {
    throw new ApiFehler(0, "Der Dienst ist nicht erreichbar. Bitte die Verbindung prüfen und die Seite neu laden.");
  }
  return auswerten(antwort);
}

// Signed in: the token of this browser tab (sessionStorage, gone when the tab closes). The
// analyses of the page stay public (what a committee may see); only the data management
// sends the token.
const TOKEN = "sozialraum-token";

export function token() {
  return sessionStorage.getItem(TOKEN) || "";
}

export function tokenSetzen(t) {
  if (t) sessionStorage.setItem(TOKEN, t);
  else sessionStorage.removeItem(TOKEN);
}

/** A request with the token: `methode`, JSON or file `koerper`, further `koepfe`. The answer
 * as JSON and its ETag; errors as ApiFehler (with the check report of a refused import). */
export async function mitToken(methode, pfad, { json, datei, koepfe = {} } = {}) {
  const h = { Authorization: `Bearer ${token()}`, ...koepfe };
  let body;
  if (json !== undefined) {
    h["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (datei !== undefined) {
    body = datei;
  }
  let antwort;
  try {
    antwort = await fetch(pfad, { method: methode, headers: h, body });
  } catch {
    throw new ApiFehler(0, "Der Dienst ist nicht erreichbar. Bitte die Verbindung prüfen und die Seite neu laden.");
  }
  if (antwort.ok) return { daten: await antwort.json(), etag: antwort.headers.get("ETag") };
  const problem = await antwort.json().catch(() => ({}));
  const f = new ApiFehler(antwort.status, problem.detail || `Die Anfrage wurde abgelehnt (HTTP ${antwort.status}).`);
  f.pruefbericht = problem.pruefbericht;
  throw f;
}
