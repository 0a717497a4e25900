"""PlanDesk's tests, in folders that mirror the code: db/ (importer/, store/, positioning/,
indicators/), search/, desktop/ (cli/, services/ with export/, present/, window/); system/
holds the whole-program checks that belong to no one module (faults, answer keys, layout,
packaging, external programs, two windows, nothing lost, scale). helpers/ is imported as a
package (`from tests.helpers import support`): pyproject.toml puts the repo root on sys.path
for pytest, and the by-hand scripts (conversions/, keys/, helpers/*_key.py) run as modules
from the repo root (`python -m tests.conversions.make_doc`). Shared fixtures are in
conftest.py here, the window's in desktop/window/conftest.py. bundle/ runs only against a
built bundle (`make test-bundle`)."""
