"""Stage 5, verify: check the generated package against the schemas it was generated from.

For every request and response model, with jsonschema (the validator class of the schema's
draft, format checking on) as the reference:

- round trip: every text the reference accepts is accepted by the model from JSON text, and
  `to_wire()` gives back a JSON value equal to it (numbers compared as numbers, date-times as
  instants at the microsecond) that the reference accepts too;
- same verdict: every text, valid or not, is rejected by the model exactly when the reference
  rejects it;
- same code: every rejected payload gets from the dispatcher the CALLERROR code the reference's
  error implies.

The texts are schema samples (hypothesis-jsonschema with a fixed seed), the corpus of
realistic messages, and mutations of every valid one. Before all that, the command type-checks
the package with `mypy --strict` (`typecheck`). One module a job, the data passing forward:

- `stage`: the recipe, `verify_package`;
- `oracle`: the reference validator, `multipleOf` decided on decimal values;
- `verdicts`: what the reference and a model say of a text;
- `samples`, `corpus`, `mutation`: where the texts come from;
- `checker`: the comparisons of the two verdicts on each text;
- `codes`: the CALLERROR code the dispatcher would send, against the reference's error;
- `round_trips`: reading a valid text and writing it back;
- `schema_view`: a schema's local `$ref`s and places;
- `report`: the counts and failures, and their summary;
- `package_import`: the package imported under a private name;
- `typecheck`: `mypy --strict` on the package, its errors by file and line;
- `json_text`: strict JSON reading and the texts' form.
"""

from __future__ import annotations

from .checker import Checker
from .corpus import CorpusEntry, PayloadsByMessage, load_corpus, payloads_by_message
from .json_text import parse_json
from .mutation import Mutation, mutations
from .oracle import exact_number, reference_validator
from .package_import import imported_package
from .report import Failure, MessageReport, Report, Sample
from .round_trips import instant, json_difference, round_trip, same_instant
from .samples import schema_samples
from .schema_view import Place, SchemaView, places
from .stage import DEFAULT_EXAMPLES, DEFAULT_SEED, verify_message, verify_package
from .verdicts import Mode, Verdict, model_verdict, reference_verdict

__all__ = [
    "DEFAULT_EXAMPLES",
    "DEFAULT_SEED",
    "Checker",
    "CorpusEntry",
    "Failure",
    "MessageReport",
    "Mode",
    "Mutation",
    "PayloadsByMessage",
    "Place",
    "Report",
    "Sample",
    "SchemaView",
    "Verdict",
    "exact_number",
    "imported_package",
    "instant",
    "json_difference",
    "load_corpus",
    "model_verdict",
    "mutations",
    "parse_json",
    "payloads_by_message",
    "places",
    "reference_validator",
    "reference_verdict",
    "round_trip",
    "same_instant",
    "schema_samples",
    "verify_message",
    "verify_package",
]
