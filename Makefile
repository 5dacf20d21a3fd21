# layerlab: `make run` starts the tutorial, `make test` runs the tests.
# Both install the system packages they need first (Debian/Ubuntu), when missing.

# libcurl4-openssl-dev: URLSession (FoundationNetworking) is libcurl underneath, and a static Swift
# runtime links it by name (-lcurl), which needs the development package's libcurl.so.
SYSTEM_PACKAGES := libedit-dev libsqlite3-dev zlib1g-dev libzstd-dev libcrypt-dev pkg-config libcurl4-openssl-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test durability conformance conformance-record build deps

# A static Swift runtime starts faster (the prompt appears before `docker --version` returns).
run: deps
	swift build -c release --static-swift-stdlib -Xlinker -lcurl --scratch-path .build-release --product layerlab
	.build-release/release/layerlab

# The tests make and remove thousands of files (a home per test, stores, registries): in memory, under
# /dev/shm where there is one, that costs a fraction of what a journaling disk charges (the test phase
# 38-41 s -> 30-33 s on the 2-core machine). The folder goes when the tests end, however they end.
test: deps
	@scratch=$$(mktemp -d /dev/shm/layerlab-tests.XXXXXX 2>/dev/null || mktemp -d); \
	trap 'rm -rf "$$scratch"' EXIT; TMPDIR=$$scratch swift test

# 100 SIGKILLs at random moments of builds, pushes and progress writes on one home (a minute or two).
durability: deps
	swift build --build-tests
	LAYERLAB_KILL_TRIALS=100 swift test --skip-build --filter KillDuringWorkTests

# layerlab against a real Docker engine (../shared/tools/reference-docker), scenario by scenario; the
# engine is started here and stopped afterwards. Where it cannot start, the recorded outputs are compared.
conformance: deps
	swift build --product layerlab
	swift build --product layerlab-conformance
	Scripts/conformance

# Records the reference engine's outputs into Conformance/reference (needs the engine).
conformance-record: deps
	swift build --product layerlab
	swift build --product layerlab-conformance
	Scripts/conformance --record

build: deps
	swift build

deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi
