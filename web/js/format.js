// Numbers the German way: decimal comma, thousands dot.

export function zahl(x, stellen = 0) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return Number(x).toLocaleString("de-DE", { minimumFractionDigits: stellen, maximumFractionDigits: stellen });
}

export function prozent(anteil, stellen = 1) {
  if (anteil === null || anteil === undefined) return "–";
  return `${zahl(anteil * 100, stellen)} %`;
}

export function meter(m) {
  if (m === null || m === undefined) return "–";
  return m >= 1000 ? `${zahl(m / 1000, 1)} km` : `${zahl(m, 0)} m`;
}

/** Parses "8,5" or "8.5". */
export function lesen(text) {
  const t = String(text).trim().replace(",", ".");
  if (t === "") return NaN;
  return Number(t);
}

export function html(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
}

/** The label of a suppressed or missing value. */
export function leer(status) {
  return status === "nicht_ausgewiesen" ? "nicht ausgewiesen (Datenschutz)" : "keine Angabe";
}
