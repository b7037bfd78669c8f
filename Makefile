# The two README commands. Everything installs into .venv from the committed uv.lock,
# wheels only (no source builds: this network reaches package registries only).
UV := python3 -m uv
UV_VERSION := 0.13.8

.PHONY: install demo test bench

install:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --compile-bytecode

demo: install
	.venv/bin/unionkpi demo

test: install
	bash scripts/test-setup.sh
	.venv/bin/pytest

bench: install
	.venv/bin/python -m bench.run_all
