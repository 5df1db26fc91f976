"""The assessment engine: which routes apply after a criminal justice decision, and by when.

Pure Python: no web framework, database or form library is imported here
(tests/unit/test_purity.py checks it). The contract is ../shared/contract/ASSESSMENT.md.
"""

from .answers import Answers, FieldError, InvalidAnswers, validate
from .assessment import CONTRACT_VERSION, assess

__all__ = ["CONTRACT_VERSION", "Answers", "FieldError", "InvalidAnswers", "assess", "validate"]
