//! The pictures of a report as SVG (units: millimetres): a time series chart, a ranking bar
//! chart and a map with offers. Pure drawing: the numbers arrive checked and formatted; a hidden
//! value arrives as `None` with its text ("nicht ausgewiesen"), never as 0.

use std::fmt::Write as _;

use crate::model::deutsch::zahl;
use crate::render::{Kartengebiet, Rahmen, SCHRAFFUR, esc, huelle, k};

/// Text colour of axes and labels.
const GRAU: &str = "#4d4d4d";
/// The colour of the unit a chart is about.
pub const EIGEN: &str = "#1f4e9a";
/// The colour of the Kreis reference.
pub const KREIS: &str = "#7a7a7a";

/// A line of a time series chart.
#[derive(Debug, Clone)]
pub struct Linie {
    /// Name in the legend.
    pub name: String,
    /// One value per year (`None`: no value or hidden).
    pub werte: Vec<Option<f64>>,
    /// Stroke colour.
    pub farbe: &'static str,
    /// Dashed (reference lines).
    pub gestrichelt: bool,
}

/// "Nice" axis ticks (1, 2, 2.5, 5 × 10ⁿ) from 0 or `min` to at least `max`.
fn achse(min: f64, max: f64) -> Vec<f64> {
    let unten = if min >= 0.0 { 0.0 } else { min };
    let spanne = (max - unten).max(f64::EPSILON);
    let roh = spanne / 4.0;
    let e = 10f64.powf(roh.log10().floor());
    let schritt = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|f| f * e).find(|&s| s >= roh).unwrap_or(10.0 * e);
    let start = (unten / schritt).floor() * schritt;
    let mut t = vec![start];
    while t.last().is_some_and(|&x| x < max - 1e-9 * schritt.abs()) && t.len() < 12 {
        let n = start + schritt * t.len() as f64;
        t.push(n);
    }
    if t.len() < 2 {
        t.push(start + schritt);
    }
    t
}

/// Decimals that tell ticks apart.
fn stellen_fuer(ticks: &[f64]) -> usize {
    (0..4).find(|&s| ticks.iter().all(|t| (t * 10f64.powi(s as i32)).fract().abs() < 1e-6)).unwrap_or(3)
}

/// A time series chart: one line per unit over the years; years where the first line has no
/// value because it is hidden are marked "n. a." on the axis.
pub fn zeitreihe(jahre: &[i32], linien: &[Linie], verborgen: &[bool], breite: f64, hoehe: f64) -> String {
    let werte: Vec<f64> = linien.iter().flat_map(|l| l.werte.iter().flatten().copied()).collect();
    let (min, max) = werte.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let ticks = if werte.is_empty() { vec![0.0, 1.0] } else { achse(min, max) };
    let st = stellen_fuer(&ticks);
    let (y0, y1) = (ticks[0], ticks[ticks.len() - 1]);
    let links = 4.0 + 1.9 * ticks.iter().map(|t| zahl(*t, st).chars().count()).max().unwrap_or(1) as f64;
    let namen: f64 = linien.iter().map(|l| 9.0 + 1.55 * l.name.chars().count() as f64).sum();
    let (oben, unten, rechts) = (if links + namen > breite { 11.6 } else { 8.0 }, 8.0, 3.0);
    let (pb, ph) = (breite - links - rechts, hoehe - oben - unten);
    // Years to scale (a gap of four years is four times as wide as one).
    let (j0, j1) = (jahre.first().copied().unwrap_or(0), jahre.last().copied().unwrap_or(0));
    let x = |i: usize| links + if j1 > j0 { pb * f64::from(jahre[i] - j0) / f64::from(j1 - j0) } else { pb / 2.0 };
    let y = |v: f64| oben + ph * (1.0 - (v - y0) / (y1 - y0).max(f64::EPSILON));
    let mut s = kopf(breite, hoehe);
    s.push_str("<g font-size=\"2.5\" fill=\"#4d4d4d\">\n");
    for t in &ticks {
        let _ = writeln!(
            s,
            r##"<line x1="{}" y1="{yy}" x2="{}" y2="{yy}" stroke="#dddddd" stroke-width="0.2"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            k(links),
            k(links + pb),
            k(links - 1.2),
            k(y(*t) + 0.9),
            zahl(*t, st),
            yy = k(y(*t)),
        );
    }
    // Year labels: the last and the first year, then others at least 9 mm from every label.
    let mut beschriftet: Vec<usize> = Vec::new();
    for i in std::iter::once(jahre.len().saturating_sub(1)).chain(0..jahre.len()) {
        if !beschriftet.contains(&i) && beschriftet.iter().all(|&b| (x(b) - x(i)).abs() >= 9.0) {
            beschriftet.push(i);
        }
    }
    for (i, j) in jahre.iter().enumerate() {
        if beschriftet.contains(&i) {
            let _ = writeln!(s, r#"<text x="{}" y="{}" text-anchor="middle">{j}</text>"#, k(x(i)), k(oben + ph + 3.6));
        }
        if verborgen.get(i).copied().unwrap_or(false) {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="2.2" fill="{EIGEN}">n. a.</text>"##,
                k(x(i)),
                k(oben + ph - 1.0)
            );
        }
    }
    s.push_str("</g>\n");
    for l in linien.iter().rev() {
        let strich = if l.gestrichelt { r#" stroke-dasharray="1.6 1""# } else { "" };
        // A gap where a year has no value: each run of values is its own line.
        let mut d = String::new();
        let mut neu = true;
        for (i, v) in l.werte.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(d, "{}{} {}", if neu { "M" } else { "L" }, k(x(i)), k(y(*v)));
                    neu = false;
                }
                None => neu = true,
            }
        }
        let _ = writeln!(
            s,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-width="0.6" stroke-linejoin="round"{strich}/>"#,
            l.farbe
        );
        for (i, v) in l.werte.iter().enumerate() {
            if let Some(v) = v {
                let _ = writeln!(s, r#"<circle cx="{}" cy="{}" r="0.7" fill="{}"/>"#, k(x(i)), k(y(*v)), l.farbe);
            }
        }
    }
    // Legend above the plot, a second row where the names do not fit side by side.
    let (mut lx, mut ly) = (links, 3.0);
    for l in linien {
        let breit = 9.0 + 1.55 * l.name.chars().count() as f64;
        if lx > links && lx + breit > breite {
            (lx, ly) = (links, ly + 3.6);
        }
        let strich = if l.gestrichelt { r#" stroke-dasharray="1.6 1""# } else { "" };
        let _ = writeln!(
            s,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.6"{strich}/><text x="{}" y="{}" font-size="2.6">{}</text>"#,
            k(lx),
            k(ly),
            k(lx + 5.0),
            k(ly),
            l.farbe,
            k(lx + 6.2),
            k(ly + 1.0),
            esc(&l.name)
        );
        lx += breit;
    }
    s.push_str("</svg>\n");
    s
}

/// A bar of a ranking chart.
#[derive(Debug, Clone)]
pub struct Balken {
    /// Unit name.
    pub name: String,
    /// Value (`None`: hidden or missing, drawn as text, never as a bar of 0).
    pub wert: Option<f64>,
    /// The value as printed ("12,3" or "nicht ausgewiesen").
    pub text: String,
    /// Drawn in the chart's own colour (the unit a Steckbrief is about).
    pub hervorgehoben: bool,
}

/// Height of a bar row, mm.
const ZEILE: f64 = 4.2;

/// The reference line of a ranking chart: name, value and the value as printed.
#[derive(Debug, Clone)]
pub struct Referenz {
    /// The unit (Kreis or the area of the Kreis youth office).
    pub name: String,
    /// Its value.
    pub wert: f64,
    /// The value as printed ("13,13", "29,7 %").
    pub text: String,
}

/// A ranking bar chart in the given order with a reference line (the Kreis value).
pub fn rangfolge(balken: &[Balken], referenz: Option<&Referenz>, breite: f64) -> String {
    let hoehe = 8.0 + ZEILE * balken.len() as f64 + 2.0;
    let max = balken.iter().filter_map(|b| b.wert).chain(referenz.map(|r| r.wert)).fold(0.0f64, f64::max);
    let min = balken.iter().filter_map(|b| b.wert).fold(0.0f64, f64::min);
    let namen = 2.0 + 1.75 * balken.iter().map(|b| b.name.chars().count()).max().unwrap_or(4) as f64;
    let texte = 2.0 + 1.75 * balken.iter().map(|b| b.text.chars().count()).max().unwrap_or(4).min(18) as f64;
    let (x0, pb) = (namen, (breite - namen - texte).max(10.0));
    let skala = pb / (max - min).max(f64::EPSILON);
    let x = |v: f64| x0 + (v - min) * skala;
    let mut s = kopf(breite, hoehe);
    s.push_str("<g font-size=\"2.6\">\n");
    for (i, b) in balken.iter().enumerate() {
        let y = 8.0 + ZEILE * i as f64;
        let gewicht = if b.hervorgehoben { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end"{gewicht}>{}</text>"#,
            k(x0 - 1.2),
            k(y + 2.9),
            esc(&b.name)
        );
        let ende = match b.wert {
            Some(v) => {
                let farbe = if b.hervorgehoben { EIGEN } else { "#9fb3d1" };
                let (a, e) = (x(v.min(0.0)), x(v.max(0.0)));
                let _ = writeln!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{farbe}"/>"#,
                    k(a),
                    k(y + 0.5),
                    k((e - a).max(0.2)),
                    k(ZEILE - 1.0)
                );
                e
            }
            None => x0,
        };
        let farbe = if b.wert.is_some() { "#1a1a1a" } else { GRAU };
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" fill="{farbe}"{gewicht}>{}</text>"#,
            k(ende + 1.0),
            k(y + 2.9),
            esc(&b.text)
        );
    }
    s.push_str("</g>\n");
    if let Some(r) = referenz {
        // The label stays inside the chart: centred on the line, or ending at the right edge.
        let label = format!("{}: {}", r.name, r.text);
        let halb = 0.8 * label.chars().count() as f64;
        let xr = x(r.wert);
        let (tx, anker) = if xr + halb > breite {
            (breite, "end")
        } else if xr < halb {
            (0.0, "start")
        } else {
            (xr, "middle")
        };
        let _ = writeln!(
            s,
            r##"<line x1="{xr}" y1="5.5" x2="{xr}" y2="{}" stroke="#c0392b" stroke-width="0.4" stroke-dasharray="1.2 0.8"/><text x="{}" y="4.4" font-size="2.6" fill="#c0392b" text-anchor="{anker}">{}</text>"##,
            k(hoehe - 1.5),
            k(tx),
            esc(&label),
            xr = k(xr),
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A marked offer on a map.
#[derive(Debug, Clone)]
pub struct Punkt {
    /// Easting, EPSG:25832.
    pub x: f64,
    /// Northing, EPSG:25832.
    pub y: f64,
    /// Fill colour (the category's).
    pub farbe: String,
}

/// A map: areas (hatched where hidden) with names, offers as dots, scale bar and north arrow.
/// `ausschnitt` (EPSG:25832 box) zooms in; areas reaching beyond are clipped at the frame.
pub fn karte(
    flaechen: &[Kartengebiet],
    punkte: &[Punkt],
    ausschnitt: Option<[f64; 4]>,
    breite: f64,
    hoehe: f64,
) -> String {
    let rahmen = Rahmen::neu(
        ausschnitt.unwrap_or_else(|| huelle(flaechen.iter().map(|f| &f.grenze))),
        0.0,
        0.0,
        breite,
        hoehe,
        2.0,
    );
    let mut s = kopf(breite, hoehe);
    let _ = writeln!(
        s,
        r##"<defs>{SCHRAFFUR}<clipPath id="rahmen"><rect width="{b}" height="{h}"/></clipPath></defs><rect width="{b}" height="{h}" fill="#fbfbfb" stroke="#8c8c8c" stroke-width="0.3"/><g clip-path="url(#rahmen)" stroke-linejoin="round">"##,
        b = k(breite),
        h = k(hoehe),
    );
    for f in flaechen {
        let fill = if f.gesperrt { "url(#schraffur)".to_string() } else { f.farbe.clone() };
        let strich = if f.eigenes_jugendamt {
            r#" stroke-dasharray="1.5 1" stroke-width="0.5""#
        } else {
            r#" stroke-width="0.25""#
        };
        let _ = writeln!(
            s,
            r##"<path d="{}" fill="{fill}" fill-rule="evenodd" stroke="#444444"{strich}/>"##,
            rahmen.pfad(&f.grenze)
        );
    }
    for p in punkte {
        let _ = writeln!(
            s,
            r##"<circle cx="{}" cy="{}" r="1.1" fill="{}" stroke="#ffffff" stroke-width="0.3"/>"##,
            k(rahmen.px(p.x)),
            k(rahmen.py(p.y)),
            p.farbe
        );
    }
    // The corners of the north arrow (top right) and the scale bar (bottom left) stay free.
    let frei = [[breite - 11.0, 0.0, breite, 16.0], [0.0, hoehe - 9.0, breite * 0.3 + 8.0, hoehe]];
    rahmen.namen(&mut s, flaechen, 2.2, Some((breite, hoehe)), &frei);
    s.push_str("</g>\n");
    let _ = writeln!(
        s,
        r##"<g id="nordpfeil"><polygon points="{x},3 {r},10 {x},8 {l},10" fill="#222222"/><text x="{x}" y="13.5" font-size="3" font-weight="bold" text-anchor="middle">N</text></g>"##,
        x = k(breite - 6.0),
        r = k(breite - 3.5),
        l = k(breite - 8.5),
    );
    rahmen.massstabsleiste(&mut s, 4.0, hoehe - 4.0, breite * 0.25);
    s.push_str("</svg>\n");
    s
}

/// The SVG element of a picture of `breite` × `hoehe` millimetres.
fn kopf(breite: f64, hoehe: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{b}mm\" height=\"{h}mm\" viewBox=\"0 0 {b} {h}\" font-family=\"DejaVu Sans\">\n",
        b = k(breite),
        h = k(hoehe)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_start_at_zero_and_cover_the_values() {
        let t = achse(3.2, 17.9);
        assert_eq!(t[0], 0.0);
        assert!(*t.last().unwrap_or(&0.0) >= 17.9);
        assert!(t.len() <= 7);
        assert_eq!(achse(0.0, 100.0), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(stellen_fuer(&[0.0, 2.5, 5.0]), 1);
    }

    #[test]
    fn hidden_values_are_text_not_bars() {
        let b = [
            Balken { name: "A".into(), wert: Some(4.0), text: "4,0".into(), hervorgehoben: false },
            Balken { name: "B".into(), wert: None, text: "nicht ausgewiesen".into(), hervorgehoben: true },
        ];
        let r = Referenz { name: "Kreis".into(), wert: 3.0, text: "3,0".into() };
        let s = rangfolge(&b, Some(&r), 120.0);
        assert_eq!(s.matches("<rect").count(), 1);
        assert!(s.contains("nicht ausgewiesen"));
    }
}
