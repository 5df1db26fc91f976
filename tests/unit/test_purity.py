"""The engine stays pure Python: no web framework, database or form library."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

FORBIDDEN = ("flask", "werkzeug", "sqlalchemy", "wtforms", "flask_babel")


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_purity_no_forbidden_import_anywhere_in_the_engine():
    files = sorted((ROOT / "questionnaire").rglob("*.py"))
    assert len(files) >= 5
    for path in files:
        for module in _imported_modules(path):
            assert module.split(".")[0] not in FORBIDDEN, f"{path.name} imports {module}"


def test_purity_running_an_assessment_loads_none_of_them():
    code = (
        "import sys, datetime, questionnaire, questionnaire.cli\n"
        "questionnaire.assess({'role': 'victim', 'decision_by': 'cps', 'decision_type': 'no_charge',"
        " 'decision_date': '2026-11-16'}, datetime.date(2026, 11, 22))\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60).stdout.split()
    assert "questionnaire.rules.vrr" in loaded  # the probe does see what the engine imports
    assert not [m for m in loaded if m.split(".")[0] in FORBIDDEN]
