# The two commands of the README are `make portal` and `make test`.
.PHONY: portal stop test setup services translations bench

portal:        ## install, start services, migrate, load the Bekasi demo, serve on :5000
	scripts/portal up

stop:          ## stop CKAN, the worker and the services
	scripts/portal down

test:          ## the whole test suite against the real services
	scripts/test

setup:         ## install Debian packages, the venv, Solr and translations (idempotent)
	scripts/setup

services:      ## start PostgreSQL, Redis and Solr only
	scripts/setup
	scripts/services start

translations:  ## extract the .pot, add new msgids to the id/en .po files, compile the .mo files
	.venv/bin/python scripts/i18n.py extract
	.venv/bin/python scripts/i18n.py update
	.venv/bin/python scripts/i18n.py compile

bench:         ## benchmarks with ratios against a baseline measured in the same run
	scripts/bench
