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
  if (m < 1000) return `${zahl(m, 0)} m`;
  return `${zahl(m / 1000, m % 100 === 0 ? 1 : 2)} km`;
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

/**
 * Class limits as a planner types them: separated by semicolons or spaces with the German
 * decimal comma ("10,5; 15; 20"), or by commas with decimal points ("10.5,15,20"). A single
 * comma between digits is a decimal comma ("10,5"). Gives `{ werte }` or `{ fehler }`.
 */
export function grenzenLesen(text) {
  const t = String(text ?? "").trim();
  if (t === "") return { fehler: "Bitte mindestens eine Klassengrenze eingeben, z. B. 10; 15; 20." };
  let teile;
  if (/[;\s]/.test(t)) teile = t.split(/[;\s]+/).filter(Boolean).map((x) => x.replace(",", "."));
  else if ((t.match(/,/g) || []).length === 1 && !t.includes(".")) teile = [t.replace(",", ".")];
  else teile = t.split(",");
  const werte = [];
  for (const x of teile) {
    const z = x.trim();
    if (!/^[-+]?\d+(\.\d+)?$/.test(z)) {
      const zeigen = z.length > 20 ? `${z.slice(0, 20)}…` : z;
      return { fehler: `„${zeigen}“ ist keine Zahl. Grenzen z. B. als 10,5; 15; 20 eingeben.` };
    }
    const n = Number(z);
    if (!Number.isFinite(n) || Math.abs(n) > 1e7) {
      return { fehler: `„${z.length > 20 ? `${z.slice(0, 20)}…` : z}“ ist keine Zahl im erlaubten Bereich (bis 10 Millionen).` };
    }
    werte.push(n);
  }
  if (werte.length > 8) return { fehler: `Höchstens 8 Grenzen (9 Klassen); eingegeben: ${werte.length}.` };
  if (werte.some((w, i) => i > 0 && w <= werte[i - 1])) return { fehler: "Die Grenzen müssen aufsteigen, z. B. 10; 15; 20." };
  return { werte };
}

/** Relative luminance of a #rrggbb colour (WCAG 2.1). */
function leuchtdichte(farbe) {
  const kanal = (i) => {
    const c = parseInt(farbe.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * kanal(1) + 0.7152 * kanal(3) + 0.0722 * kanal(5);
}

/** Black or white, whichever contrasts more with the background (always ≥ 4.5 : 1 here). */
export function schriftFarbe(hintergrund) {
  const l = leuchtdichte(hintergrund);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}
