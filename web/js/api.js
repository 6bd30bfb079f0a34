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

/** GET a JSON resource; `parameter` is an object of query parameters (empty ones are left out). */
export async function holen(pfad, parameter = {}) {
  const q = new URLSearchParams();
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
  let antwort;
  try {
    antwort = await fetch(pfad, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(koerper),
    });
  } catch {
    throw new ApiFehler(0, "Der Dienst ist nicht erreichbar. Bitte die Verbindung prüfen und die Seite neu laden.");
  }
  return auswerten(antwort);
}
