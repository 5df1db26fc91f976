"""`python -m questionnaire assess [FILE|-] [--today YYYY-MM-DD]` (contract, "command line").

Exit 0: the assessment, one JSON object on standard output.
Exit 2: the answers are invalid; standard output holds only {"errors": [...]}.
Exit 64: the command itself was misused (usage on standard error).
Exit 66: FILE cannot be read (message on standard error).
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .answers import FieldError, InvalidAnswers, parse_date
from .assessment import assess
from .calendar import today_in_england
from .i18n import N_

USAGE = "usage: python -m questionnaire assess [FILE|-] [--today YYYY-MM-DD]\n"
EX_USAGE, EX_NOINPUT = 64, 66


def _parse_args(argv: list[str]) -> tuple[str, str | None] | None:
    """(FILE, --today value) from argv, or None when the command is misused."""
    if not argv or argv[0] != "assess":
        return None
    path, today = "-", None
    rest = iter(argv[1:])
    positional = 0
    for arg in rest:
        if arg == "--today":
            today = next(rest, None)
            if today is None:
                return None
        elif arg.startswith("--today="):
            today = arg.removeprefix("--today=")
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positional += 1
            path = arg
    return None if positional > 1 else (path, today)


def _read(path: str, stdin: TextIO) -> bytes:
    if path == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    with open(path, "rb") as handle:
        return handle.read()


def _print(obj: dict, stdout: TextIO) -> None:
    # ASCII-escaped: whatever the answers held (a lone surrogate in an unknown key, say),
    # standard output is always valid JSON in any encoding.
    json.dump(obj, stdout, ensure_ascii=True)
    stdout.write("\n")


def main(argv: list[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
         stderr: TextIO = sys.stderr) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if args is None:
        stderr.write(USAGE)
        return EX_USAGE
    path, today_text = args
    try:
        raw = _read(path, stdin)
    except OSError as error:
        stderr.write(f"cannot read {path}: {error}\n")
        return EX_NOINPUT
    try:
        today = today_in_england() if today_text is None else parse_date(today_text)
        if today is None:
            raise InvalidAnswers([FieldError("today", N_("Today's date must be a real date in the form YYYY-MM-DD"))])
        try:
            data = json.loads(raw.decode("utf-8-sig"))  # JSON text is UTF-8 (RFC 8259)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise InvalidAnswers([FieldError("answers", N_("The answers must be a JSON object in UTF-8"))]) from None
        assessment = assess(data, today)
    except InvalidAnswers as invalid:
        _print(invalid.to_json(), stdout)
        return 2
    _print(assessment, stdout)
    return 0
