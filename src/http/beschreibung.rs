//! The route table: every route with its path, method, handler, query parameters and answer
//! type. The routers are built from it and the OpenAPI 3.0 document at `/api` is generated
//! from it: parameters from the constants the application layer reads them with, answers from
//! the answer types (via `schemars`), so the contract cannot drift from the code.

use axum::routing::{MethodRouter, get, post};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::{Zustand, ogc, planung};
use crate::dienst::parameter::{KEINE, Param, Verzeichnis, Werte};
use crate::dienst::{angebote, bedarf, export, gebiete, indikatoren, karte, profil, schichten, szenario, versorgung};
use crate::model::JAHRE;
use crate::spatial::MAX_BBOX_BETRAG;

/// Group of the OGC API routes.
pub const OGC: &str = "OGC API";

/// What a successful answer is.
#[derive(Clone, Copy)]
pub enum Inhalt {
    /// JSON of an answer type, under these media types.
    Json(fn(&mut SchemaGenerator) -> schemars::Schema, &'static [&'static str]),
    /// JSON of an answer type, or HTML (OGC API resources).
    JsonHtml(fn(&mut SchemaGenerator) -> schemars::Schema, &'static str),
    /// A file of one of these media types.
    Datei(&'static [&'static str]),
}

/// One route of the service.
pub struct Route {
    /// Path with `{name}` for path parameters.
    pub pfad: &'static str,
    /// `get` or `post`.
    pub methode: &'static str,
    /// Id of the operation in the OpenAPI document.
    pub id: &'static str,
    /// German summary.
    pub zusammenfassung: &'static str,
    /// Group in the OpenAPI document (and which router the route belongs to).
    pub gruppe: &'static str,
    /// Query parameters the route accepts (anything else is a 400).
    pub parameter: Vec<Param>,
    /// The successful answer.
    pub inhalt: Inhalt,
    /// Whether the answer depends on the internal token (public answers are suppressed).
    pub zugang: bool,
    /// The handler.
    pub dienst: MethodRouter<Zustand>,
    /// The schema of the JSON body (`post`, `patch`).
    pub koerper: Option<fn(&Verzeichnis, &mut SchemaGenerator) -> Value>,
    /// Only with a token of a role that changes data (bearbeiten, or melden for reports).
    pub bearbeiten: bool,
    /// Only with a token (internal or editing).
    pub nur_intern: bool,
    /// The body is a file to import (CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile).
    pub datei: bool,
}

impl Route {
    /// The route with a JSON body of this schema.
    fn mit_koerper(self, koerper: fn(&Verzeichnis, &mut SchemaGenerator) -> Value) -> Self {
        Route { koerper: Some(koerper), ..self }
    }

    /// The route for internal users only (any token).
    fn nur_intern(self) -> Self {
        Route { nur_intern: true, ..self }
    }

    /// The route for the editing role only.
    fn zum_bearbeiten(self) -> Self {
        Route { bearbeiten: true, ..self }
    }

    /// The route takes a file to import as its body (up to [`super::MAX_IMPORT`] bytes).
    fn mit_datei(self) -> Self {
        let dienst = self.dienst.layer(axum::extract::DefaultBodyLimit::max(super::MAX_IMPORT));
        Route { datei: true, dienst, ..self }
    }
}

/// The media types of an import file.
const IMPORTFORMATE: &[&str] = &[
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/geo+json",
    "application/geopackage+sqlite3",
    "application/zip",
];

fn szenario_koerper(v: &Verzeichnis, _: &mut SchemaGenerator) -> Value {
    szenario::Szenarioanfrage::schema(v)
}

fn typ_koerper<T: JsonSchema>(_: &Verzeichnis, g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

/// The OpenAPI document itself.
fn dokument(_: &mut SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "object", "description": "OpenAPI-3.0-Dokument"})
}

const JSON: &[&str] = &["application/json"];
const GEOJSON: &[&str] = &["application/geo+json"];
const JSON_GEOJSON: &[&str] = &["application/json", "application/geo+json"];

#[allow(clippy::too_many_arguments)]
fn route(
    methode: &'static str,
    pfad: &'static str,
    id: &'static str,
    gruppe: &'static str,
    zusammenfassung: &'static str,
    parameter: &[Param],
    inhalt: Inhalt,
    zugang: bool,
    dienst: MethodRouter<Zustand>,
) -> Route {
    Route {
        pfad,
        methode,
        id,
        zusammenfassung,
        gruppe,
        parameter: parameter.to_vec(),
        inhalt,
        zugang,
        dienst,
        koerper: None,
        bearbeiten: false,
        nur_intern: false,
        datei: false,
    }
}

/// Every route of the service.
pub fn routen() -> Vec<Route> {
    use Inhalt::{Datei, Json, JsonHtml};
    let ogc = schichten::OGC_PARAMETER;
    vec![
        route(
            "get",
            "/",
            "landingPage",
            OGC,
            "Landing Page der OGC API – Features (JSON mit Accept: application/json oder f=json; Browser bekommen die Kartenseite)",
            ogc,
            JsonHtml(schema::<ogc::Landing>, "application/json"),
            false,
            get(ogc::landing),
        ),
        route(
            "get",
            "/conformance",
            "conformance",
            OGC,
            "Konformitätsklassen",
            ogc,
            JsonHtml(schema::<ogc::Konformitaet>, "application/json"),
            false,
            get(ogc::konformitaet),
        ),
        route(
            "get",
            "/api",
            "openapi",
            OGC,
            "Dieses OpenAPI-3.0-Dokument",
            ogc,
            JsonHtml(dokument, "application/vnd.oai.openapi+json;version=3.0"),
            false,
            get(ogc::openapi),
        ),
        route(
            "get",
            "/collections",
            "collections",
            OGC,
            "Die Sammlungen (Layer)",
            ogc,
            JsonHtml(schema::<ogc::Sammlungen>, "application/json"),
            false,
            get(ogc::sammlungen),
        ),
        route(
            "get",
            "/collections/{collectionId}",
            "collection",
            OGC,
            "Eine Sammlung",
            ogc,
            JsonHtml(schema::<ogc::Sammlungsangabe>, "application/json"),
            false,
            get(ogc::sammlung),
        ),
        route(
            "get",
            "/collections/{collectionId}/items",
            "items",
            OGC,
            "Die Features einer Sammlung, seitenweise",
            schichten::ITEMS_PARAMETER,
            JsonHtml(schema::<schichten::Schichtseite<'static>>, "application/geo+json"),
            true,
            get(ogc::items),
        ),
        route(
            "get",
            "/collections/{collectionId}/items/{featureId}",
            "item",
            OGC,
            "Ein Feature",
            schichten::ITEM_PARAMETER,
            JsonHtml(schema::<schichten::Schichtfeature<'static>>, "application/geo+json"),
            true,
            get(ogc::item),
        ),
        route(
            "get",
            "/api/health",
            "health",
            "Dienst",
            "Status und geladene Daten",
            KEINE,
            Json(schema::<gebiete::Gesundheit>, JSON),
            false,
            get(planung::health),
        ),
        route(
            "get",
            "/api/konfiguration",
            "konfiguration",
            "Dienst",
            "Einstellungen für die Kartenseite",
            KEINE,
            Json(schema::<gebiete::Seitenkonfiguration>, JSON),
            false,
            get(planung::konfiguration),
        ),
        route(
            "get",
            "/api/kommunen",
            "kommunen",
            "Gebiete",
            "Die Kommunen mit Einwohnern, Fläche, Region, Jugendamt",
            KEINE,
            Json(schema::<gebiete::Kommunen<'static>>, GEOJSON),
            false,
            get(planung::kommunen),
        ),
        route(
            "get",
            "/api/regionen",
            "regionen",
            "Gebiete",
            "Aufgelöste Regionsflächen eines Regionsschemas",
            gebiete::REGIONEN_PARAMETER,
            Json(schema::<gebiete::Regionen<'static>>, GEOJSON),
            false,
            get(planung::regionen),
        ),
        route(
            "get",
            "/api/einheiten",
            "einheiten",
            "Gebiete",
            "Die Gebiete einer Ebene",
            gebiete::EINHEITEN_PARAMETER,
            Json(schema::<gebiete::Einheiten<'static>>, GEOJSON),
            false,
            get(planung::einheiten),
        ),
        route(
            "get",
            "/api/profil/{ags}",
            "profil",
            "Gebiete",
            "Profil einer Kommune",
            profil::PARAMETER,
            Json(schema::<profil::Profil>, JSON),
            true,
            get(planung::profil),
        ),
        route(
            "get",
            "/api/kategorien",
            "kategorien",
            "Angebote",
            "Angebotskategorien mit Anzahl",
            KEINE,
            Json(schema::<Vec<angebote::Kategorieeintrag>>, JSON),
            false,
            get(planung::kategorien),
        ),
        route(
            "get",
            "/api/angebote",
            "angebote",
            "Angebote",
            "Angebote als Punkte",
            angebote::ANGEBOTE_PARAMETER,
            Json(schema::<angebote::Angebote>, GEOJSON),
            false,
            get(planung::angebote),
        ),
        route(
            "get",
            "/api/naechste",
            "naechste",
            "Angebote",
            "Die k nächsten Angebote eines Ortes",
            angebote::NAECHSTE_PARAMETER,
            Json(schema::<angebote::Naechste>, GEOJSON),
            false,
            get(planung::naechste),
        ),
        route(
            "get",
            "/api/isochronen",
            "isochronen",
            "Analysen",
            "Einzugsbereiche (Isochronen) eines Angebots oder Orts im Wege- und Straßennetz: von wo er in 5, 10, 15 Minuten erreicht wird",
            crate::dienst::isochronen::PARAMETER,
            Json(schema::<crate::dienst::isochronen::Isochronen>, GEOJSON),
            false,
            get(planung::isochronen),
        ),
        route(
            "get",
            "/api/umkreis",
            "umkreis",
            "Angebote",
            "Angebote im Umkreis eines Ortes, nach Kategorie",
            angebote::UMKREIS_PARAMETER,
            Json(schema::<angebote::Umkreis>, JSON),
            false,
            get(planung::umkreis),
        ),
        route(
            "get",
            "/api/abdeckung",
            "abdeckung",
            "Analysen",
            "Versorgungsgrad je Gebiet",
            versorgung::ABDECKUNG_PARAMETER,
            Json(
                schema::<
                    versorgung::Flaechenantwort<'static, versorgung::Versorgungskopf, crate::dienst::teile::Kennzahlen>,
                >,
                JSON_GEOJSON,
            ),
            true,
            get(planung::abdeckung),
        ),
        route(
            "get",
            "/api/entfernungen",
            "entfernungen",
            "Analysen",
            "Gewichtete Entfernungen zum nächsten Angebot je Gebiet",
            versorgung::ENTFERNUNGEN_PARAMETER,
            Json(
                schema::<
                    versorgung::Flaechenantwort<'static, versorgung::Versorgungskopf, crate::dienst::teile::Kennzahlen>,
                >,
                JSON_GEOJSON,
            ),
            true,
            get(planung::entfernungen),
        ),
        route(
            "post",
            "/api/szenario",
            "szenario",
            "Analysen",
            "Was-wäre-wenn mit geplanten und geschlossenen Angeboten (JSON-Körper)",
            KEINE,
            Json(schema::<versorgung::Flaechenantwort<'static, szenario::Szenariokopf, szenario::Vergleich>>, JSON),
            true,
            post(planung::szenario),
        )
        .mit_koerper(szenario_koerper),
        route(
            "post",
            "/api/ressourcenkarte",
            "ressourcenkarte",
            "Analysen",
            "Ressourcenkarte für ein Hilfeplangespräch: Angebote jeder Kategorie nahe einem Ort, mit Entfernung und \
             Adresse (der Ort steht im Inhalt und wird weder gespeichert noch protokolliert)",
            KEINE,
            Json(schema::<crate::dienst::ressourcen::Ressourcenkarte>, JSON),
            false,
            post(planung::ressourcenkarte),
        )
        .mit_koerper(typ_koerper::<crate::dienst::ressourcen::Ressourcenfrage>),
        route(
            "get",
            "/api/standortvorschlag",
            "standortvorschlag",
            "Analysen",
            "Standortvorschlag: wo die nächsten Angebote einer Kategorie die meisten Menschen der Zielgruppe \
             erreichen (bestehende Angebote fest), mit Zuwachs je Standort und Versorgungskurve",
            crate::dienst::standorte::PARAMETER,
            Json(schema::<crate::dienst::standorte::Standortvorschlag>, JSON),
            true,
            get(planung::standortvorschlag),
        ),
        route(
            "get",
            "/api/bedarf-angebot",
            "bedarfAngebot",
            "Analysen",
            "Bedarf × Versorgung je Kommune",
            &bedarf::PARAMETER,
            Json(schema::<bedarf::BedarfAntwort<'static>>, GEOJSON),
            true,
            get(planung::bedarf_angebot),
        ),
        route(
            "get",
            "/api/indikatoren",
            "indikatoren",
            "Indikatoren",
            "Indikatorenkatalog mit Metadaten",
            KEINE,
            Json(schema::<indikatoren::Katalog<'static>>, JSON),
            false,
            get(planung::indikatoren),
        ),
        route(
            "get",
            "/api/indikatoren/{id}",
            "indikatorKarte",
            "Indikatoren",
            "Choroplethenkarte eines Indikators mit Legende",
            &indikatoren::KARTEN_PARAMETER,
            Json(schema::<indikatoren::Choroplethenkarte<'static>>, GEOJSON),
            true,
            get(planung::indikator),
        ),
        route(
            "get",
            "/api/berichte/kommunen/{datei}",
            "steckbrief",
            "Berichte",
            "Steckbrief einer Kommune als PDF ({ags}.pdf): Bevölkerung, Indikatoren mit Kreisvergleich, Rang und \
             Zeitreihe, Angebote, Versorgung, gemeldete Bedarfe, Karte",
            crate::dienst::berichte::PARAMETER,
            Datei(&["application/pdf"]),
            true,
            get(planung::steckbrief),
        ),
        route(
            "get",
            "/api/berichte/kreis.pdf",
            "kreisbericht",
            "Berichte",
            "Familienbericht des Kreises, statistischer Teil, als PDF: Überblick, je Thema Karte, Grafik und Tabelle \
             aller Kommunen, Methoden und Quellen",
            crate::dienst::berichte::PARAMETER,
            Datei(&["application/pdf"]),
            true,
            get(planung::kreisbericht),
        ),
        route(
            "get",
            "/api/export/{datei}",
            "export",
            "Export",
            "Layer als Datei (GDAL): {layer}.geojson|gpkg|shp.zip|csv|csv.zip|kml|fgb",
            export::PARAMETER,
            Datei(&[
                "application/geo+json",
                "application/geopackage+sqlite3",
                "application/zip",
                "text/csv",
                "application/vnd.google-earth.kml+xml",
                "application/flatgeobuf",
            ]),
            true,
            get(planung::export),
        ),
        route(
            "get",
            "/api/karten/{datei}",
            "karte",
            "Karten",
            "Karte für Sitzungsvorlagen: {ansicht}.svg oder .png (Indikator, bedarf-angebot, szenario)",
            &karte::alle_parameter(),
            Datei(&["image/svg+xml", "image/png"]),
            true,
            get(planung::karte),
        ),
        route(
            "post",
            "/api/angebote",
            "angebotAnlegen",
            "Bearbeiten",
            "Ein Angebot anlegen (Token der Bearbeitung); Antwort 201 mit ETag = Version",
            KEINE,
            Json(schema::<crate::dienst::bearbeiten::Gespeichert>, JSON),
            false,
            post(super::bearbeiten::anlegen::<super::bearbeiten::Angebote>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Angebotsangaben>)
        .zum_bearbeiten(),
        route(
            "patch",
            "/api/angebote/{id}",
            "angebotAendern",
            "Bearbeiten",
            "Felder eines Angebots ändern (Token der Bearbeitung; If-Match: Version, sonst 412 bei fremder Änderung)",
            KEINE,
            Json(schema::<crate::dienst::bearbeiten::Gespeichert>, JSON),
            false,
            axum::routing::patch(super::bearbeiten::aendern_satz::<super::bearbeiten::Angebote>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Angebotsangaben>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/angebote/{id}/schliessen",
            "angebotSchliessen",
            "Bearbeiten",
            "Ein Angebot zu einem Datum schließen, nie löschen (Token der Bearbeitung; If-Match: Version)",
            KEINE,
            Json(schema::<crate::dienst::bearbeiten::Gespeichert>, JSON),
            false,
            post(super::bearbeiten::schliessen::<super::bearbeiten::Angebote>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Schliessung>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/kategorien",
            "kategorieAnlegen",
            "Bearbeiten",
            "Eine Angebotskategorie anlegen (Token der Bearbeitung); Antwort 201 mit ETag = Version",
            KEINE,
            Json(schema::<crate::dienst::kategorien::Kategoriesatz>, JSON),
            false,
            post(super::bearbeiten::anlegen::<super::bearbeiten::Kategorien>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::kategorien::Kategorieangaben>)
        .zum_bearbeiten(),
        route(
            "patch",
            "/api/kategorien/{id}",
            "kategorieAendern",
            "Bearbeiten",
            "Bezeichnung, Paragraph, Symbol oder Farbe einer Kategorie ändern (If-Match: Version)",
            KEINE,
            Json(schema::<crate::dienst::kategorien::Kategoriesatz>, JSON),
            false,
            axum::routing::patch(super::bearbeiten::aendern_satz::<super::bearbeiten::Kategorien>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::kategorien::Kategorieangaben>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/kategorien/{id}/schliessen",
            "kategorieSchliessen",
            "Bearbeiten",
            "Eine Kategorie zu einem Datum schließen, wenn kein Angebot sie dann noch nutzt (409 sonst)",
            KEINE,
            Json(schema::<crate::dienst::kategorien::Kategoriesatz>, JSON),
            false,
            post(super::bearbeiten::schliessen::<super::bearbeiten::Kategorien>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Schliessung>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/regionsschemata",
            "schemaAnlegen",
            "Bearbeiten",
            "Ein Regionsschema anlegen: Region jeder Kommune (Token der Bearbeitung); Antwort 201 mit ETag",
            KEINE,
            Json(schema::<crate::dienst::regionsschemata::Schemasatz>, JSON),
            false,
            post(super::bearbeiten::anlegen::<super::bearbeiten::Regionsschemata>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::regionsschemata::Schemaangaben>)
        .zum_bearbeiten(),
        route(
            "patch",
            "/api/regionsschemata/{id}",
            "schemaAendern",
            "Bearbeiten",
            "Ein Regionsschema ändern, auch einzelne Kommunen einer anderen Region zuordnen (If-Match: Version)",
            KEINE,
            Json(schema::<crate::dienst::regionsschemata::Schemasatz>, JSON),
            false,
            axum::routing::patch(super::bearbeiten::aendern_satz::<super::bearbeiten::Regionsschemata>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::regionsschemata::Schemaangaben>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/regionsschemata/{id}/schliessen",
            "schemaSchliessen",
            "Bearbeiten",
            "Ein Regionsschema zu einem Datum schließen, solange ein anderes gilt (409 sonst)",
            KEINE,
            Json(schema::<crate::dienst::regionsschemata::Schemasatz>, JSON),
            false,
            post(super::bearbeiten::schliessen::<super::bearbeiten::Regionsschemata>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Schliessung>)
        .zum_bearbeiten(),
        route(
            "get",
            "/api/aenderungen",
            "aenderungen",
            "Verlauf",
            "Verlauf der Änderungen, neueste zuerst (nur mit Token): wann, wer, was, vorher und nachher",
            crate::dienst::bearbeiten::VERLAUF_PARAMETER,
            Json(schema::<crate::dienst::bearbeiten::Verlauf>, JSON),
            false,
            get(planung::aenderungen),
        )
        .nur_intern(),
        route(
            "get",
            "/api/zugang",
            "zugang",
            "Verlauf",
            "Name und Rolle des Tokens (zum Anmelden in der Seite; 401 ohne oder mit falschem Token)",
            KEINE,
            Json(schema::<super::zugang::Anmeldung>, JSON),
            false,
            get(planung::zugang),
        )
        .nur_intern(),
        route(
            "get",
            "/api/speicher/angebote",
            "bestandsliste",
            "Verlauf",
            "Alle gespeicherten Angebote, offene und geschlossene, mit Gültigkeit und Version (nur mit Token)",
            KEINE,
            Json(schema::<crate::dienst::bearbeiten::Bestandsliste>, JSON),
            false,
            get(planung::bestandsliste),
        )
        .nur_intern(),
        route(
            "get",
            "/api/speicher.gpkg",
            "speicherHerunterladen",
            "Verlauf",
            "Der ganze Speicher als GeoPackage (ein in sich stimmiger Stand; nur mit Token)",
            KEINE,
            Datei(&["application/geopackage+sqlite3"]),
            false,
            get(planung::speicher),
        )
        .nur_intern(),
        route(
            "post",
            "/api/import/angebote",
            "angeboteImportieren",
            "Bearbeiten",
            "Eine Angebotsliste prüfen (Prüfbericht) und auf Wunsch übernehmen – alles oder nichts (Token der Bearbeitung)",
            crate::dienst::angebotsimport::PARAMETER,
            Json(schema::<crate::dienst::angebotsimport::Pruefbericht>, JSON),
            false,
            post(super::import::angebote),
        )
        .mit_datei()
        .zum_bearbeiten(),
        route(
            "post",
            "/api/import/indikatorwerte",
            "indikatorwerteImportieren",
            "Bearbeiten",
            "Indikatorwerte (lange oder breite Tabelle) prüfen und auf Wunsch übernehmen – alles oder nichts",
            crate::dienst::indikatorwerte::PARAMETER,
            Json(schema::<crate::dienst::indikatorwerte::Wertebericht>, JSON),
            false,
            post(super::import::indikatorwerte),
        )
        .mit_datei()
        .zum_bearbeiten(),
        route(
            "put",
            "/api/indikatoren/{id}/werte/{jahr}",
            "jahreswerteSetzen",
            "Bearbeiten",
            "Die Werte eines Indikators für ein Jahr ersetzen (Token der Bearbeitung; If-Match: Version des Jahres)",
            KEINE,
            Json(schema::<crate::dienst::indikatorwerte::Jahresstand>, JSON),
            false,
            axum::routing::put(planung::jahreswerte),
        )
        .mit_koerper(typ_koerper::<crate::dienst::indikatorwerte::Jahresangaben>)
        .zum_bearbeiten(),
        route(
            "get",
            "/api/import/offen",
            "offeneAngebote",
            "Bearbeiten",
            "Importierte Angebote ohne Lage, die noch auf der Karte zu setzen sind (Token der Bearbeitung)",
            KEINE,
            Json(schema::<crate::dienst::angebotsimport::OffeneAngebote>, JSON),
            false,
            get(super::import::offen),
        )
        .zum_bearbeiten(),
        route(
            "post",
            "/api/import/offen/{nr}/setzen",
            "offenesSetzen",
            "Bearbeiten",
            "Ein importiertes Angebot ohne Lage auf der Karte setzen (lon, lat; weitere Felder zum Berichtigen)",
            KEINE,
            Json(schema::<crate::dienst::bearbeiten::Gespeichert>, JSON),
            false,
            post(super::import::setzen),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bearbeiten::Angebotsangaben>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/import/offen/{nr}/verwerfen",
            "offenesVerwerfen",
            "Bearbeiten",
            "Ein importiertes Angebot ohne Lage verwerfen; Antwort: die übrigen",
            KEINE,
            Json(schema::<crate::dienst::angebotsimport::OffeneAngebote>, JSON),
            false,
            post(super::import::verwerfen),
        )
        .zum_bearbeiten(),
        route(
            "post",
            "/api/bedarfsmeldungen",
            "bedarfMelden",
            "Melden",
            "Fehlende Angebote aus der Hilfeplanung melden: Anzahl je Kommune, Kategorie und Quartal, keine Falldaten \
             (Token mit der Rolle melden)",
            KEINE,
            Json(schema::<crate::dienst::meldungen::Gemeldet>, JSON),
            false,
            post(super::bedarfe::melden),
        )
        .mit_koerper(typ_koerper::<crate::dienst::meldungen::Meldungsangaben>)
        .zum_bearbeiten(),
        route(
            "get",
            "/api/bedarfsmeldungen",
            "bedarfsmeldungen",
            "Bedarfe",
            "Gemeldete Bedarfe je Kommune, Region und Kreis nach Quartal und Jahr, je 1.000 unter 18 (öffentlich mit \
             Geheimhaltung)",
            crate::dienst::meldungen::REIHENPARAMETER,
            Json(schema::<crate::dienst::meldungen::Meldereihe>, JSON),
            true,
            get(super::bedarfe::reihe),
        ),
        route(
            "get",
            "/api/bedarfsmeldungen/quellen",
            "meldequellen",
            "Melden",
            "Gespeicherte Bedarfsmeldungen je Quelle und Quartal (Token mit der Rolle melden)",
            KEINE,
            Json(schema::<Vec<crate::dienst::meldungen::Meldequelle>>, JSON),
            false,
            get(super::bedarfe::quellen),
        )
        .zum_bearbeiten(),
        route(
            "post",
            "/api/import/bedarfsmeldungen",
            "bedarfsmeldungenImportieren",
            "Melden",
            "Bedarfsmeldungen (CSV/XLSX: ags, kategorie, quartal, anzahl) einer Quelle prüfen und auf Wunsch \
             übernehmen; ein erneuter Import ersetzt die Quartale dieser Quelle",
            crate::dienst::meldungen::IMPORTPARAMETER,
            Json(schema::<crate::dienst::meldungen::Meldebericht>, JSON),
            false,
            post(super::import::bedarfsmeldungen),
        )
        .mit_datei()
        .zum_bearbeiten(),
        route(
            "get",
            "/api/bedarfe",
            "bedarfe",
            "Bedarfe",
            "Bedarfsregister der Sozialraumkonferenzen: Stand, Tag und Begründung jedes Schritts (öffentlich)",
            crate::dienst::bedarfe::PARAMETER,
            Json(schema::<crate::dienst::bedarfe::Bedarfsliste>, JSON),
            false,
            get(super::bedarfe::liste),
        ),
        route(
            "post",
            "/api/bedarfe",
            "bedarfAnlegen",
            "Bearbeiten",
            "Einen Bedarf einer Sozialraumkonferenz eintragen (Token der Bearbeitung)",
            KEINE,
            Json(schema::<crate::dienst::bedarfe::Bedarf>, JSON),
            false,
            post(super::bearbeiten::anlegen::<super::bearbeiten::Bedarfe>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bedarfe::Bedarfsangaben>)
        .zum_bearbeiten(),
        route(
            "get",
            "/api/bedarfe/karte",
            "bedarfskarte",
            "Bedarfe",
            "Bedarfe der Sozialraumkonferenzen je Kommune nach Stand (GeoJSON)",
            KEINE,
            Json(schema::<crate::dienst::bedarfe::Bedarfskarte>, GEOJSON),
            false,
            get(super::bedarfe::karte),
        ),
        route(
            "get",
            "/api/bedarfe/{id}",
            "bedarf",
            "Bedarfe",
            "Ein Bedarf des Registers mit seinem Verlauf (ETag = Version)",
            KEINE,
            Json(schema::<crate::dienst::bedarfe::Bedarf>, JSON),
            false,
            get(super::bedarfe::einer),
        ),
        route(
            "patch",
            "/api/bedarfe/{id}",
            "bedarfAendern",
            "Bearbeiten",
            "Felder eines Bedarfs ändern, Angebote oder Szenarien verknüpfen (Token der Bearbeitung; If-Match)",
            KEINE,
            Json(schema::<crate::dienst::bedarfe::Bedarf>, JSON),
            false,
            axum::routing::patch(super::bearbeiten::aendern_satz::<super::bearbeiten::Bedarfe>),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bedarfe::Bedarfsangaben>)
        .zum_bearbeiten(),
        route(
            "post",
            "/api/bedarfe/{id}/status",
            "bedarfSchritt",
            "Bearbeiten",
            "Nächster Schritt eines Bedarfs mit Tag und Begründung: geprueft, in_planung, umgesetzt, nicht_umgesetzt",
            KEINE,
            Json(schema::<crate::dienst::bedarfe::Bedarf>, JSON),
            false,
            post(super::bedarfe::schritt),
        )
        .mit_koerper(typ_koerper::<crate::dienst::bedarfe::Statusangaben>)
        .zum_bearbeiten(),
    ]
}

fn auswahl(werte: impl IntoIterator<Item = impl Into<String>>) -> Value {
    json!({"type": "string", "enum": werte.into_iter().map(Into::into).collect::<Vec<String>>()})
}

fn werte(w: Werte, v: &Verzeichnis) -> Vec<String> {
    match w {
        Werte::Fest(x) => x.iter().map(|s| s.to_string()).collect(),
        Werte::Daten(f) => f(v),
    }
}

fn zahl(min: f64, max: f64) -> Value {
    json!({"type": "number", "minimum": min, "maximum": max})
}

/// The schema of a query parameter, from the constant that reads it.
fn parameter_schema(p: &Param, v: &Verzeichnis) -> Value {
    match p {
        Param::Zahl(z) => {
            let mut s = zahl(z.min, z.max);
            if let Some(d) = v.vorgaben.as_ref().and_then(|x| z.standard.wert(x)) {
                s["default"] = json!(d);
            }
            s
        }
        Param::Ganz(g) => json!({"type": "integer", "minimum": g.min, "maximum": g.max, "default": g.standard}),
        Param::Zahlen(z) => {
            let items = if z.min <= f64::MIN { zahl(-MAX_BBOX_BETRAG, MAX_BBOX_BETRAG) } else { zahl(z.min, z.max) };
            let mut s = json!({"type": "array", "items": items, "minItems": z.min_anzahl, "maxItems": z.max_anzahl});
            if let (Some(f), Some(x)) = (z.standard, v.vorgaben.as_ref()) {
                s["default"] = json!(f(x));
            }
            s
        }
        Param::Wahl(w) => {
            let mut s = auswahl(werte(w.werte, v));
            if let Some(d) = w.standard {
                s["default"] = json!(d);
            }
            s
        }
        Param::Liste(l) => json!({"type": "array", "items": auswahl(werte(l.werte, v)), "maxItems": l.max_anzahl}),
        Param::Text(t) => {
            let mut s = json!({"type": "string"});
            if let Some(m) = t.max_laenge {
                s["maxLength"] = json!(m);
            }
            if let Some(m) = t.muster {
                s["pattern"] = json!(m);
            }
            if let Some(f) = t.format {
                s["format"] = json!(f);
            }
            s
        }
        Param::Jahr(_) => json!({"type": "integer", "minimum": JAHRE.start(), "maximum": JAHRE.end()}),
        // As in the OGC schema: 4 to 6 items, of which 5 is not meaningful (4 or 6, see text).
        Param::Bbox(b) => json!({
            "type": "array",
            "items": {"type": "number", "minimum": -MAX_BBOX_BETRAG, "maximum": MAX_BBOX_BETRAG},
            "minItems": 4,
            "maxItems": if b.mit_hoehe { 6 } else { 4 },
        }),
    }
}

/// Schema of a path parameter of a route.
fn pfad_schema(r: &Route, name: &str, v: &Verzeichnis) -> Value {
    match (r.pfad, name) {
        (_, "collectionId") => auswahl(v.sammlungen.clone()),
        (_, "ags") => auswahl(v.kommunen.clone()),
        ("/api/indikatoren/{id}", "id") => auswahl(v.ansichten.clone()),
        ("/api/export/{datei}", "datei") => auswahl(werte(export::DATEI.werte, v)),
        ("/api/berichte/kommunen/{datei}", "datei") => auswahl(v.kommunen.iter().map(|a| format!("{a}.pdf"))),
        ("/api/karten/{datei}", "datei") => auswahl(
            v.ansichten
                .iter()
                .cloned()
                .chain([karte::BEDARF_ANSICHT.to_string(), karte::SZENARIO_ANSICHT.to_string()])
                .flat_map(|a| [format!("{a}.svg"), format!("{a}.png")]),
        ),
        _ => json!({"type": "string"}),
    }
}

fn problem(text: &str) -> Value {
    json!({"description": text, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

fn erfolg(r: &Route, g: &mut SchemaGenerator) -> Value {
    let inhalt = |typen: &[&str], schema: Value| -> Map<String, Value> {
        typen.iter().map(|t| (t.to_string(), json!({"schema": schema}))).collect()
    };
    let content = match r.inhalt {
        Inhalt::Json(f, typen) => inhalt(typen, f(g).to_value()),
        Inhalt::JsonHtml(f, typ) => {
            let mut m = inhalt(&[typ], f(g).to_value());
            m.insert("text/html".into(), json!({"schema": {"type": "string"}}));
            m
        }
        // A GeoJSON file is a JSON object; the other files are bytes.
        Inhalt::Datei(typen) => typen
            .iter()
            .map(|t| {
                let schema = if t.contains("json") {
                    json!({"type": "object"})
                } else {
                    json!({"type": "string", "format": "binary"})
                };
                (t.to_string(), json!({"schema": schema}))
            })
            .collect(),
    };
    json!({"description": "Erfolg", "content": content})
}

/// The OpenAPI 3.0 document of the whole service for the choices of the loaded data set, with
/// `basis` as server URL. The service prepares it once and sets the server URL per request
/// ([`mit_server`]).
pub fn openapi(basis: &str, v: &Verzeichnis) -> Value {
    let mut g = SchemaSettings::openapi3().into_generator();
    let mut pfade = Map::new();
    // Without a network the catchment areas cannot be answered: the document leaves them out
    // (the route says why, with a 400).
    let ohne_netz = v.masse.len() <= 1;
    for r in routen().into_iter().filter(|r| !(ohne_netz && r.pfad == "/api/isochronen")) {
        let mut parameter: Vec<Value> = r
            .pfad
            .split('/')
            .filter_map(|t| t.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": pfad_schema(&r, n, v)}))
            .collect();
        for p in &r.parameter {
            let schema = parameter_schema(p, v);
            let mut q = json!({"name": p.name(), "in": "query", "required": p.pflicht(), "schema": schema, "description": p.text()});
            if q["schema"]["type"] == "array" {
                q["style"] = json!("form");
                q["explode"] = json!(false);
            }
            if !p.pflicht() {
                // An empty value counts as not given.
                q["allowEmptyValue"] = json!(true);
            }
            parameter.push(q);
        }
        let mut antworten = json!({
            "200": erfolg(&r, &mut g),
            "400": problem("Ungültige Anfrage; detail nennt den Parameter und was erlaubt ist"),
            "404": problem("Nicht gefunden"),
            "405": problem("Methode nicht erlaubt"),
            "414": problem("Adresse zu lang"),
            "431": problem("Kopfzeilen zu groß"),
            "500": problem("Interner Fehler"),
        });
        if r.zugang {
            antworten["401"] = problem("Token ungültig oder interner Zugang nicht eingerichtet");
        }
        if r.koerper.is_some() {
            antworten["413"] = problem("Inhalt zu groß (höchstens 64 KiB)");
            antworten["415"] = problem("Inhalt ist kein JSON (Content-Type: application/json)");
        }
        if r.pfad == "/api/karten/{datei}" {
            antworten["503"] =
                problem("Zu viele Karten werden gerade gezeichnet; Retry-After nennt die Wartezeit in Sekunden");
        }
        let mut op = json!({
            "operationId": r.id,
            "summary": r.zusammenfassung,
            "tags": [r.gruppe],
            "parameters": parameter,
            "responses": antworten,
        });
        if r.zugang {
            // Without a token the public (suppressed) answer; with one, the internal.
            op["security"] = json!([{}, {"bearer": []}]);
        }
        if let Some(k) = r.koerper {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": k(v, &mut g)}}});
        }
        if r.datei {
            let inhalt: Map<String, Value> = IMPORTFORMATE
                .iter()
                .map(|t| (t.to_string(), json!({"schema": {"type": "string", "format": "binary"}})))
                .collect();
            op["requestBody"] = json!({"required": true, "content": inhalt});
            antworten["413"] = problem("Datei zu groß (höchstens 32 MiB)");
            antworten["422"] = problem("Nicht übernommen: die Datei hat Probleme; pruefbericht nennt jedes");
            op["responses"] = antworten.clone();
        }
        if r.bearbeiten {
            op["security"] = json!([{"bearer": []}]);
            antworten_ergaenzen(&mut op["responses"]);
        }
        if r.nur_intern {
            op["security"] = json!([{"bearer": []}]);
            op["responses"]["401"] = problem("Ohne oder mit ungültigem Token");
        }
        let eintrag = pfade.entry(r.pfad.to_string()).or_insert_with(|| json!({}));
        eintrag[r.methode] = op;
    }
    let mut schemata: Map<String, Value> = g.take_definitions(true).into_iter().collect();
    schemata.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
            },
        }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sozialraum",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Geodatendienst für die sozialraumorientierte Jugendhilfeplanung: Kommunen, Angebote, Versorgung, Indikatoren; OGC API – Features (Teil 1 und 2). Fehler als application/problem+json mit deutscher Erklärung.",
            "license": {"name": "MIT"},
        },
        "servers": [{"url": basis}],
        "paths": pfade,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Token des internen Zugangs (SOZIALRAUM_TOKEN): nicht ausgewiesene Werte werden gezeigt"}},
            "schemas": schemata,
        },
    })
}

/// The answers only editing routes give.
fn antworten_ergaenzen(a: &mut Value) {
    a["401"] = problem("Kein oder ein ungültiges Token");
    a["403"] = problem("Dem Token fehlt die nötige Rolle (bearbeiten oder melden), oder sie ist nicht eingerichtet");
    a["409"] = problem("Ein Angebot mit dieser Kennung gibt es schon");
    a["412"] = problem("Das Angebot wurde inzwischen geändert (If-Match passt nicht zur Version)");
}

/// A prepared document with another server URL.
pub fn mit_server(dokument: &Value, basis: &str) -> Value {
    let mut d = dokument.clone();
    d["servers"] = json!([{"url": basis}]);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_a_description_and_paths_are_unique() {
        let mut gesehen = std::collections::BTreeSet::new();
        for r in routen() {
            assert!(gesehen.insert((r.pfad, r.methode)), "{} doppelt", r.pfad);
            for p in &r.parameter {
                assert!(!p.text().is_empty(), "{} ohne Beschreibung", p.name());
            }
        }
        // Every OGC API resource accepts the format and, because clients append their user
        // parameters to every request, the output CRS.
        for r in routen().iter().filter(|r| r.gruppe == OGC) {
            let namen: Vec<&str> = r.parameter.iter().map(Param::name).collect();
            assert!(namen.contains(&"f") && namen.contains(&"crs"), "{}", r.pfad);
        }
    }

    #[test]
    fn the_openapi_document_has_every_route_and_describes_its_answer() {
        // A data set with a network (without one the catchment areas are left out).
        let masse = ["luftlinie", "fuss", "rad", "auto"].map(String::from).to_vec();
        let d = openapi("http://127.0.0.1:8080", &Verzeichnis { masse, ..Verzeichnis::default() });
        assert_eq!(d["openapi"], "3.0.3");
        for r in routen() {
            let op = &d["paths"][r.pfad][r.methode];
            assert!(op.is_object(), "{}", r.pfad);
            let inhalt = op["responses"]["200"]["content"].as_object().unwrap();
            assert!(inhalt.values().all(|c| c["schema"].is_object()), "{}", r.pfad);
        }
        assert_eq!(d["paths"]["/collections/{collectionId}/items"]["get"]["parameters"][0]["in"], "path");
        // Answer types are components the paths refer to.
        let schemata = d["components"]["schemas"].as_object().unwrap();
        assert!(schemata.contains_key("Gesundheit") && schemata.contains_key("Problem"));
        let ohne = openapi("http://127.0.0.1:8080", &Verzeichnis::default());
        assert!(ohne["paths"]["/api/isochronen"].is_null());
    }
}
