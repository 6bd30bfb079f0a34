//! Maps for committee papers, rendered on the server: an SVG page (A4 or A3, landscape or
//! portrait) with the choropleth, title, subtitle, legend, scale bar, north arrow, source line,
//! Stand, and the notes on example data and data protection; the PNG is the same SVG rasterised
//! by `resvg` with the DejaVu fonts of the Debian package `fonts-dejavu-core`.
//!
//! The output is deterministic: the same data and request give the same bytes (fixed number
//! formatting, no time stamps, fonts loaded from fixed files).

use std::fmt::Write as _;

use geo::{BoundingRect, InteriorPoint, MultiPolygon};

use crate::error::{Error, Result};

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Papier {
    /// 297 × 210 mm.
    A4,
    /// 420 × 297 mm.
    A3,
}

impl std::str::FromStr for Papier {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "A4" | "a4" => Ok(Papier::A4),
            "A3" | "a3" => Ok(Papier::A3),
            _ => Err(format!("„{s}“ ist kein Papierformat; erlaubt: A4, A3")),
        }
    }
}

/// How the page is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Seite {
    /// Paper size.
    pub papier: Papier,
    /// Portrait instead of landscape.
    pub hoch: bool,
    /// Title.
    pub titel: String,
    /// Subtitle.
    pub untertitel: String,
}

impl Seite {
    /// Width and height in millimetres.
    pub fn mm(&self) -> (f64, f64) {
        let (l, k) = match self.papier {
            Papier::A4 => (297.0, 210.0),
            Papier::A3 => (420.0, 297.0),
        };
        if self.hoch { (k, l) } else { (l, k) }
    }

    /// Width and height in pixels at `dpi`.
    pub fn pixel(&self, dpi: f64) -> (u32, u32) {
        let (b, h) = self.mm();
        ((b / 25.4 * dpi).round() as u32, (h / 25.4 * dpi).round() as u32)
    }
}

/// An area of the map, in EPSG:25832 metres.
#[derive(Debug, Clone, PartialEq)]
pub struct Kartengebiet {
    /// Boundary, EPSG:25832.
    pub grenze: MultiPolygon<f64>,
    /// Name written on the map.
    pub name: String,
    /// Fill `#rrggbb`.
    pub farbe: String,
    /// Hidden for data protection: hatched.
    pub gesperrt: bool,
    /// Has its own Jugendamt: dashed outline.
    pub eigenes_jugendamt: bool,
}

/// A marked place on the map (a planned offer of a scenario), in EPSG:25832 metres.
#[derive(Debug, Clone, PartialEq)]
pub struct Ort {
    /// Easting, metres.
    pub x: f64,
    /// Northing, metres.
    pub y: f64,
    /// Short label beside the mark (e.g. "S1").
    pub text: String,
    /// Closed (crossed out) rather than planned.
    pub geschlossen: bool,
}

/// A legend entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Eintrag {
    /// Fill; `None` = hatched (data protection).
    pub farbe: Option<String>,
    /// Text.
    pub text: String,
}

/// What the map shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Karteninhalt {
    /// The areas.
    pub flaechen: Vec<Kartengebiet>,
    /// Marked places drawn above the areas.
    pub orte: Vec<Ort>,
    /// Legend title (indicator and year).
    pub legendentitel: String,
    /// Legend entries.
    pub legende: Vec<Eintrag>,
    /// Further legend lines (Kreis value, classification, palette).
    pub hinweise: Vec<String>,
    /// Source line.
    pub quelle: String,
    /// Stand of the data.
    pub stand: String,
    /// Example data is shown.
    pub beispiel: bool,
    /// Data-protection note.
    pub datenschutz: String,
}

/// Splits text into lines of at most `breite` characters at spaces.
fn umbrechen(text: &str, breite: usize) -> Vec<String> {
    let mut zeilen = Vec::new();
    let mut z = String::new();
    for w in text.split_whitespace() {
        if !z.is_empty() && z.chars().count() + 1 + w.chars().count() > breite {
            zeilen.push(std::mem::take(&mut z));
        }
        if !z.is_empty() {
            z.push(' ');
        }
        z.push_str(w);
    }
    if !z.is_empty() {
        zeilen.push(z);
    }
    zeilen
}

/// A "nice" scale bar length (1, 2, 5 × 10ⁿ metres) of at most `max_m`.
fn massstab_m(max_m: f64) -> f64 {
    let e = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0].iter().map(|f| f * e).find(|&l| l <= max_m).unwrap_or(e)
}

/// The bounding box `[min x, min y, max x, max y]` of boundaries (a unit box if there are none).
pub fn huelle<'a>(grenzen: impl Iterator<Item = &'a MultiPolygon<f64>>) -> [f64; 4] {
    grenzen
        .filter_map(|g| g.bounding_rect())
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
        .reduce(|a, c| [a[0].min(c[0]), a[1].min(c[1]), a[2].max(c[2]), a[3].max(c[3])])
        .unwrap_or([0.0, 0.0, 1.0, 1.0])
}

/// A map frame on the page: EPSG:25832 metres projected into it at a uniform scale, north up,
/// centred, with `innen` millimetres free at each side.
#[derive(Debug, Clone, Copy)]
pub struct Rahmen {
    huelle: [f64; 4],
    /// Millimetres on the page per metre.
    pub massstab: f64,
    ox: f64,
    oy: f64,
}

impl Rahmen {
    /// The frame at `fx`, `fy` of `fb` × `fh` millimetres showing `huelle`.
    pub fn neu(huelle: [f64; 4], fx: f64, fy: f64, fb: f64, fh: f64, innen: f64) -> Self {
        let (w, h) = ((huelle[2] - huelle[0]).max(1.0), (huelle[3] - huelle[1]).max(1.0));
        let massstab = ((fb - 2.0 * innen) / w).min((fh - 2.0 * innen) / h);
        let ox = fx + (fb - w * massstab) / 2.0;
        let oy = fy + (fh - h * massstab) / 2.0;
        Self { huelle, massstab, ox, oy }
    }

    /// Page x of an easting.
    pub fn px(&self, x: f64) -> f64 {
        self.ox + (x - self.huelle[0]) * self.massstab
    }

    /// Page y of a northing.
    pub fn py(&self, y: f64) -> f64 {
        self.oy + (self.huelle[3] - y) * self.massstab
    }

    /// The SVG path data of a boundary.
    pub fn pfad(&self, mp: &MultiPolygon<f64>) -> String {
        let mut d = String::new();
        for p in &mp.0 {
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                for (i, c) in r.0.iter().enumerate() {
                    let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, k(self.px(c.x)), k(self.py(c.y)));
                }
                d.push('Z');
            }
        }
        d
    }

    /// The names of the areas at an inner point, white-haloed, in a group `namen`; `groesse` is the
    /// font size in millimetres. With `rahmen` (width, height of a frame at 0, 0) only names
    /// inside it are written, larger areas first, and a name that would cover one already written
    /// or a box of `frei` (north arrow, scale bar: `[x0, y0, x1, y1]`) is left out (the area keeps
    /// its name in the text and tables around the map).
    pub fn namen(
        &self,
        s: &mut String,
        flaechen: &[Kartengebiet],
        groesse: f64,
        rahmen: Option<(f64, f64)>,
        frei: &[[f64; 4]],
    ) {
        let _ = writeln!(
            s,
            r##"<g id="namen" font-size="{}" text-anchor="middle" fill="#111111" stroke="#ffffff" stroke-width="{}" paint-order="stroke">"##,
            k(groesse),
            k(groesse * 0.23)
        );
        let mut folge: Vec<&Kartengebiet> = flaechen.iter().collect();
        if rahmen.is_some() {
            folge.sort_by(|a, b| geo::Area::unsigned_area(&b.grenze).total_cmp(&geo::Area::unsigned_area(&a.grenze)));
        }
        let mut belegt: Vec<[f64; 4]> = frei.to_vec();
        for f in folge {
            let Some(p) = f.grenze.interior_point() else { continue };
            let (x, y) = (self.px(p.x()), self.py(p.y()) + groesse * 0.35);
            if let Some((b, h)) = rahmen {
                let halb = 0.31 * groesse * f.name.chars().count() as f64;
                let kasten = [x - halb, y - groesse, x + halb, y + 0.2 * groesse];
                let innen = kasten[0] >= 0.0 && kasten[2] <= b && kasten[1] >= 0.0 && kasten[3] <= h;
                let frei =
                    belegt.iter().all(|o| kasten[2] < o[0] || kasten[0] > o[2] || kasten[3] < o[1] || kasten[1] > o[3]);
                if !innen || !frei {
                    continue;
                }
                belegt.push(kasten);
            }
            let _ = writeln!(s, r#"<text x="{}" y="{}">{}</text>"#, k(x), k(y), esc(&f.name));
        }
        s.push_str("</g>\n");
    }

    /// A scale bar of a round length of at most `max_mm` with its left end at `x`, `y`.
    pub fn massstabsleiste(&self, s: &mut String, x: f64, y: f64, max_mm: f64) {
        let laenge_m = massstab_m(max_mm / self.massstab);
        let laenge = laenge_m * self.massstab;
        let _ = writeln!(
            s,
            r##"<g id="massstab"><rect x="{}" y="{}" width="{}" height="1.4" fill="#222222"/><rect x="{}" y="{}" width="{}" height="1.4" fill="#ffffff" stroke="#222222" stroke-width="0.2"/><text x="{}" y="{}" font-size="3">0</text><text x="{}" y="{}" font-size="3" text-anchor="middle">{} km</text></g>"##,
            k(x),
            k(y),
            k(laenge / 2.0),
            k(x + laenge / 2.0),
            k(y),
            k(laenge / 2.0),
            k(x - 0.8),
            k(y - 1.0),
            k(x + laenge),
            k(y - 1.0),
            crate::model::deutsch::zahl(laenge_m / 1000.0, if laenge_m < 1000.0 { 1 } else { 0 })
        );
    }
}

/// The hatching of hidden values (fill `url(#schraffur)`), for an SVG's `<defs>`.
pub const SCHRAFFUR: &str = r##"<pattern id="schraffur" patternUnits="userSpaceOnUse" width="2" height="2" patternTransform="rotate(45)"><rect width="2" height="2" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="2" stroke="#666666" stroke-width="0.7"/></pattern>"##;

/// Escapes text for SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A number for SVG coordinates: at most two decimals, no trailing zeros.
pub fn k(x: f64) -> String {
    let t = format!("{x:.2}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" { "0".into() } else { t.to_string() }
}

/// Line height of the footer, mm.
const FUSS_ZEILE: f64 = 3.3;
/// Space between the map frame and a legend below it, mm.
const LEGENDE_ABSTAND: f64 = 6.0;

/// The legend set in lines: title, entries (one or two columns), notes; with its height.
struct Legendensatz<'a> {
    inhalt: &'a Karteninhalt,
    breite: f64,
    spalten: usize,
    titel: Vec<String>,
    hinweise: Vec<Vec<String>>,
    hoehe: f64,
}

impl<'a> Legendensatz<'a> {
    fn neu(inhalt: &'a Karteninhalt, breite: f64, zwei_spalten: bool) -> Self {
        let spalten = if zwei_spalten { 2 } else { 1 };
        let titel = umbrechen(&inhalt.legendentitel, (breite / 2.2) as usize);
        let hinweise: Vec<Vec<String>> =
            inhalt.hinweise.iter().map(|h| umbrechen(h, (breite / 1.55) as usize)).collect();
        let hoehe = titel.len() as f64 * 5.0
            + 1.0
            + inhalt.legende.len().div_ceil(spalten) as f64 * 6.0
            + 2.0
            + hinweise.iter().map(|z| z.len() as f64 * 3.4 + 1.0).sum::<f64>();
        Self { inhalt, breite, spalten, titel, hinweise, hoehe }
    }

    fn zeichnen(&self, s: &mut String, lx: f64, mut ly: f64) {
        let zeichen = ((self.breite / self.spalten as f64 - 9.0) / 1.75).max(20.0) as usize;
        s.push_str("<g id=\"legende\">\n");
        for z in &self.titel {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="3.8" font-weight="bold">{}</text>"#,
                k(lx),
                k(ly),
                esc(z)
            );
            ly += 5.0;
        }
        ly += 1.0;
        let spaltenbreite = self.breite / self.spalten as f64;
        for (i, e) in self.inhalt.legende.iter().enumerate() {
            let (cx, cy) = (lx + (i % self.spalten) as f64 * spaltenbreite, ly + (i / self.spalten) as f64 * 6.0);
            let fill = e.farbe.clone().unwrap_or_else(|| "url(#schraffur)".into());
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="7" height="4.5" fill="{fill}" stroke="#555555" stroke-width="0.2"/><text x="{}" y="{}" font-size="3">{}</text>"##,
                k(cx),
                k(cy - 3.5),
                k(cx + 9.0),
                k(cy),
                esc(&umbrechen(&e.text, zeichen).join(" "))
            );
        }
        ly += (self.inhalt.legende.len().div_ceil(self.spalten)) as f64 * 6.0 + 2.0;
        for zeilen in &self.hinweise {
            for z in zeilen {
                let _ = writeln!(
                    s,
                    r##"<text x="{}" y="{}" font-size="2.6" fill="#4d4d4d">{}</text>"##,
                    k(lx),
                    k(ly),
                    esc(z)
                );
                ly += 3.4;
            }
            ly += 1.0;
        }
        s.push_str("</g>\n");
    }
}

/// The page as SVG (units: millimetres).
pub fn svg(inhalt: &Karteninhalt, seite: &Seite) -> String {
    let (b, h) = seite.mm();
    let rand = 10.0;
    let legende_b = if seite.hoch { 0.0 } else { (b * 0.3).min(95.0) };
    // The title wraps within the width left of the "Beispieldaten" badge (bold DejaVu Sans at
    // 7 mm is about 4.4 mm per character); the header grows by a line for each extra line.
    let titel_breite = b - 2.0 * rand - if inhalt.beispiel { 44.0 } else { 0.0 };
    let titelzeilen = umbrechen(&seite.titel, (titel_breite / 4.4).max(10.0) as usize);
    let kopf_h = 22.0 + 8.0 * (titelzeilen.len().max(1) - 1) as f64;
    // Footer lines and (on portrait pages) the legend below the map are measured first; the
    // map frame takes the rest of the page, so nothing ever overlaps.
    let fuss: Vec<String> = [
        format!("Quelle: {}", inhalt.quelle),
        format!("Stand: {}", inhalt.stand),
        format!("Datenschutz: {}", inhalt.datenschutz),
    ]
    .iter()
    .flat_map(|t| umbrechen(t, ((b - 2.0 * rand) / 1.5) as usize))
    .collect();
    let fuss_h = fuss.len() as f64 * FUSS_ZEILE + 3.0;
    let legende = Legendensatz::neu(inhalt, if seite.hoch { b - 2.0 * rand } else { legende_b }, seite.hoch);
    let unter_karte = if seite.hoch { LEGENDE_ABSTAND + legende.hoehe } else { 0.0 };
    // The map frame.
    let (fx, fy) = (rand, rand + kopf_h);
    let (fb, fh) = (
        b - 2.0 * rand - legende_b - if legende_b > 0.0 { 5.0 } else { 0.0 },
        h - 2.0 * rand - kopf_h - unter_karte - fuss_h,
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{b}mm" height="{h}mm" viewBox="0 0 {b} {h}" font-family="DejaVu Sans" lang="de">
<title>{titel}</title>
<defs>{SCHRAFFUR}</defs>
<rect width="{b}" height="{h}" fill="#ffffff"/>
{titelzeilen}<text x="{rand}" y="{t2}" font-size="4.2" fill="#4d4d4d">{untertitel}</text>
"##,
        titel = esc(&seite.titel),
        titelzeilen = titelzeilen
            .iter()
            .enumerate()
            .map(|(i, z)| format!(
                "<text x=\"{rand}\" y=\"{}\" font-size=\"7\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>\n",
                k(rand + 7.0 + 8.0 * i as f64),
                esc(z)
            ))
            .collect::<String>(),
        untertitel = esc(&seite.untertitel),
        t2 = rand + 14.0 + 8.0 * (titelzeilen.len().max(1) - 1) as f64,
    );
    if inhalt.beispiel {
        let _ = writeln!(
            s,
            r##"<g id="beispieldaten"><rect x="{x}" y="{y}" width="38" height="8" rx="4" fill="#fff7e6" stroke="#8a4b00" stroke-width="0.5"/><text x="{tx}" y="{ty}" font-size="3.8" font-weight="bold" fill="#8a4b00" text-anchor="middle">Beispieldaten</text></g>"##,
            x = k(b - rand - 38.0),
            y = k(rand + 1.0),
            tx = k(b - rand - 19.0),
            ty = k(rand + 6.3),
        );
    }

    let rahmen = Rahmen::neu(huelle(inhalt.flaechen.iter().map(|f| &f.grenze)), fx, fy, fb, fh, 2.0);
    let _ = writeln!(
        s,
        r##"<rect x="{fx}" y="{fy}" width="{}" height="{}" fill="#fbfbfb" stroke="#8c8c8c" stroke-width="0.3"/>"##,
        k(fb),
        k(fh)
    );
    s.push_str("<g id=\"flaechen\" stroke-linejoin=\"round\">\n");
    for f in &inhalt.flaechen {
        let fill = if f.gesperrt { "url(#schraffur)".to_string() } else { f.farbe.clone() };
        let strich = if f.eigenes_jugendamt {
            r##" stroke="#111111" stroke-width="0.6" stroke-dasharray="1.5 1""##
        } else {
            r##" stroke="#444444" stroke-width="0.25""##
        };
        let _ = writeln!(
            s,
            r#"<path d="{}" fill="{fill}" fill-rule="evenodd"{strich}><title>{}</title></path>"#,
            rahmen.pfad(&f.grenze),
            esc(&f.name)
        );
    }
    s.push_str("</g>\n");
    rahmen.namen(&mut s, &inhalt.flaechen, 2.6, None, &[]);
    if !inhalt.orte.is_empty() {
        // Planned places: a magenta ring with a white core and the label; closed ones crossed.
        s.push_str("<g id=\"orte\" font-size=\"3\" font-weight=\"bold\" fill=\"#111111\" stroke-linecap=\"round\">\n");
        for o in &inhalt.orte {
            let (x, y) = (rahmen.px(o.x), rahmen.py(o.y));
            if o.geschlossen {
                let _ = writeln!(
                    s,
                    r##"<path d="M{} {}L{} {}M{} {}L{} {}" stroke="#b00020" stroke-width="0.8"/>"##,
                    k(x - 1.6),
                    k(y - 1.6),
                    k(x + 1.6),
                    k(y + 1.6),
                    k(x - 1.6),
                    k(y + 1.6),
                    k(x + 1.6),
                    k(y - 1.6)
                );
            } else {
                let _ = writeln!(
                    s,
                    r##"<circle cx="{}" cy="{}" r="1.6" fill="#ffffff" stroke="#c51b7d" stroke-width="0.9"/>"##,
                    k(x),
                    k(y)
                );
            }
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" stroke="#ffffff" stroke-width="0.7" paint-order="stroke">{}</text>"##,
                k(x + 2.2),
                k(y + 1.0),
                esc(&o.text)
            );
        }
        s.push_str("</g>\n");
    }

    // North arrow, top left in the frame.
    let (nx, ny) = (fx + 8.0, fy + 5.0);
    let _ = writeln!(
        s,
        r##"<g id="nordpfeil"><polygon points="{},{} {},{} {},{} {},{}" fill="#222222"/><text x="{}" y="{}" font-size="4" font-weight="bold" text-anchor="middle">N</text></g>"##,
        k(nx),
        k(ny),
        k(nx + 3.0),
        k(ny + 10.0),
        k(nx),
        k(ny + 7.5),
        k(nx - 3.0),
        k(ny + 10.0),
        k(nx),
        k(ny + 14.5)
    );
    // Scale bar, bottom left in the frame.
    rahmen.massstabsleiste(&mut s, fx + 5.0, fy + fh - 6.0, fb * 0.25);

    // Legend: right column (landscape) or below the map (portrait).
    let (lx, ly) = if seite.hoch { (rand, fy + fh + LEGENDE_ABSTAND) } else { (b - rand - legende_b, fy + 4.0) };
    legende.zeichnen(&mut s, lx, ly);

    // Footer: source, Stand, data protection, below everything else.
    let mut fy2 = h - rand - fuss_h + 3.0 + 2.6;
    s.push_str("<g id=\"quelle\" font-size=\"2.6\" fill=\"#4d4d4d\">\n");
    for z in &fuss {
        let _ = writeln!(s, r#"<text x="{rand}" y="{}">{}</text>"#, k(fy2), esc(z));
        fy2 += FUSS_ZEILE;
    }
    s.push_str("</g>\n</svg>\n");
    s
}

const SCHRIFTEN: [&str; 2] =
    ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"];

/// The SVG rasterised to a PNG of `breite` × `hoehe` pixels.
pub fn png(svg: &str, breite: u32, hoehe: u32, dpi: usize) -> Result<Vec<u8>> {
    let fehler = |g: String| Error::Konfiguration(format!("PNG-Ausgabe: {g}"));
    let mut opt = resvg::usvg::Options::default();
    {
        let db = std::sync::Arc::make_mut(&mut opt.fontdb);
        for f in SCHRIFTEN {
            let daten = std::fs::read(f)
                .map_err(|e| fehler(format!("Schrift {f} fehlt ({e}); Debian-Paket fonts-dejavu-core installieren")))?;
            db.load_font_data(daten);
        }
        db.set_sans_serif_family("DejaVu Sans");
    }
    let baum = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| fehler(e.to_string()))?;
    let mut bild = resvg::tiny_skia::Pixmap::new(breite, hoehe)
        .ok_or_else(|| fehler(format!("Größe {breite} × {hoehe} ungültig")))?;
    let groesse = baum.size();
    let t = resvg::tiny_skia::Transform::from_scale(breite as f32 / groesse.width(), hoehe as f32 / groesse.height());
    resvg::render(&baum, t, &mut bild.as_mut());
    png_mit_aufloesung(&bild, dpi).map_err(|e| fehler(e.to_string()))
}

/// Encodes a pixmap as PNG with its resolution (pHYs, pixels per metre), so word processors
/// and presentation programs place it at paper size.
fn png_mit_aufloesung(bild: &resvg::tiny_skia::Pixmap, dpi: usize) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut rgba = Vec::with_capacity(bild.data().len());
    for p in bild.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    let mut aus = Vec::new();
    {
        let mut e = png::Encoder::new(&mut aus, bild.width(), bild.height());
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        let je_meter = (dpi as f64 / 0.0254).round() as u32;
        e.set_pixel_dims(Some(png::PixelDimensions { xppu: je_meter, yppu: je_meter, unit: png::Unit::Meter }));
        let mut w = e.write_header()?;
        w.write_image_data(&rgba)?;
    }
    Ok(aus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bars_have_round_lengths() {
        assert_eq!(massstab_m(12_345.0), 10_000.0);
        assert_eq!(massstab_m(6_000.0), 5_000.0);
        assert_eq!(massstab_m(2_500.0), 2_000.0);
        assert_eq!(massstab_m(999.0), 500.0);
    }

    #[test]
    fn pages_have_their_paper_size() {
        let s = Seite { papier: Papier::A4, hoch: false, titel: String::new(), untertitel: String::new() };
        assert_eq!(s.mm(), (297.0, 210.0));
        assert_eq!(s.pixel(150.0), (1754, 1240));
        assert_eq!(Seite { papier: Papier::A3, hoch: true, ..s }.mm(), (297.0, 420.0));
    }

    #[test]
    fn text_wraps_at_spaces() {
        assert_eq!(umbrechen("eins zwei drei vier", 9), ["eins zwei", "drei vier"]);
        assert_eq!(k(3.10), "3.1");
        assert_eq!(k(-0.001), "0");
    }
}
