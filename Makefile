# 처음 받은 컴퓨터에서도 명령 하나로 설치부터 끝까지 합니다.
#   make serve   설치하고 http://127.0.0.1:8000 에서 사이트를 띄웁니다(저장하면 다시 빌드).
#   make test    설치하고 모든 테스트를 코어마다 작업자 하나씩 두고 돌립니다(사이트 빌드와 예제 실행 포함).
#   make check   설치하고 빠른 검사만 합니다: 사이트 빌드(--strict, 경고 없이), 예제마다의 테스트, 용어집.
#   make build   설치하고 site/ 에 사이트를 빌드합니다(--strict).
#   make rerun   예제 실행 캐시(.cache/examples)를 지우고 다시 빌드합니다.
#   make lighthouse  홈과 가장 무거운 예제 페이지의 Lighthouse 점수(모바일, 일곱 번의 중앙값)를 목표와 견줍니다.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test check rerun lighthouse clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: install
	$(BIN)/mkdocs serve --livereload

build: install
	$(BIN)/mkdocs build --strict

# 작업자마다 테스트 모듈을 통째로 맡깁니다(--dist loadfile): 모듈마다 한 번 띄우는 브라우저와 가상 환경을 작업자끼리 나눠 만들지 않습니다.
# 모듈은 오래 걸리는 것부터 나눠 줍니다(tests/conftest.py 의 FIRST; --no-loadscope-reorder 가 그 순서를 지킵니다).
# 끝에 가장 오래 걸린 단계 15개를 보여 줍니다(--durations): 어디서 시간이 드는지 CI 기록에서 바로 읽습니다.
test: install
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

check: install
	$(BIN)/python -m pytest tests/test_[0-9]_*.py tests/test_glossary.py

rerun: install
	rm -rf .cache/examples
	$(BIN)/mkdocs build --strict

lighthouse: install
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf site .cache
