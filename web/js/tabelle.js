// The table twin of every map view: sortable with the keyboard, downloadable as CSV
// (semicolon and decimal comma, as German spreadsheets expect).

import { html } from "./format.js";

export class Tabelle {
  constructor(tabelle, titel, knopf) {
    this.tabelle = tabelle;
    this.titel = titel;
    this.spalten = [];
    this.zeilen = [];
    this.sortierung = null;
    this.beiZeile = null;
    knopf.addEventListener("click", () => this.csv());
  }

  /**
   * `spalten`: [{id, titel, zahl: bool, text: (zeile) => string, wert: (zeile) => sortable}];
   * `zeilen`: objects; `kreis`: rows shown at the bottom, outside the sorting.
   */
  zeigen(titel, spalten, zeilen, kreis = []) {
    this.titel.textContent = titel;
    this.spalten = spalten;
    this.zeilen = zeilen;
    this.kreis = kreis;
    this.sortierung = null;
    this.zeichnen();
  }

  zeichnen() {
    const z = [...this.zeilen];
    if (this.sortierung) {
      const { spalte, auf } = this.sortierung;
      const s = this.spalten.find((x) => x.id === spalte);
      z.sort((a, b) => {
        const va = s.wert ? s.wert(a) : s.text(a);
        const vb = s.wert ? s.wert(b) : s.text(b);
        if (va === vb) return 0;
        if (va === null || va === undefined) return 1;
        if (vb === null || vb === undefined) return -1;
        return (va < vb ? -1 : 1) * (auf ? 1 : -1);
      });
    }
    const kopf = this.spalten
      .map((s) => {
        const sort = this.sortierung?.spalte === s.id ? (this.sortierung.auf ? "ascending" : "descending") : "none";
        return `<th scope="col" class="${s.zahl ? "zahl" : ""}" aria-sort="${sort}"><button type="button" data-spalte="${s.id}">${html(s.titel)}</button></th>`;
      })
      .join("");
    const zeile = (r, klasse = "") =>
      `<tr tabindex="0" class="${klasse}" data-id="${html(r.id ?? "")}">${this.spalten.map((s) => `<td class="${s.zahl ? "zahl" : ""}" data-spalte="${s.id}">${html(s.text(r))}</td>`).join("")}</tr>`;
    this.tabelle.className = "daten";
    this.tabelle.innerHTML = `<caption class="klein">${html(this.titel.textContent)} – Spaltenkopf wählen zum Sortieren</caption><thead><tr>${kopf}</tr></thead><tbody>${z.map((r) => zeile(r)).join("")}${(this.kreis || []).map((r) => zeile(r, "kreis")).join("")}</tbody>`;
    for (const b of this.tabelle.querySelectorAll("th button")) {
      b.addEventListener("click", () => {
        const spalte = b.dataset.spalte;
        const auf = this.sortierung?.spalte === spalte ? !this.sortierung.auf : true;
        this.sortierung = { spalte, auf };
        this.zeichnen();
        this.tabelle.querySelector(`th button[data-spalte="${spalte}"]`)?.focus();
      });
    }
    for (const tr of this.tabelle.querySelectorAll("tbody tr")) {
      const oeffnen = () => this.beiZeile && this.beiZeile(tr.dataset.id);
      tr.addEventListener("click", oeffnen);
      tr.addEventListener("keydown", (k) => {
        if (k.key === "Enter") oeffnen();
      });
    }
  }

  csv() {
    const feld = (t) => (/[;"\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
    const zeilen = [this.spalten.map((s) => feld(s.titel)).join(";")];
    for (const r of [...this.zeilen, ...(this.kreis || [])]) zeilen.push(this.spalten.map((s) => feld(s.text(r))).join(";"));
    const blob = new Blob(["\ufeff" + zeilen.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${this.titel.textContent.replace(/[^\wäöüÄÖÜß-]+/g, "_")}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}
