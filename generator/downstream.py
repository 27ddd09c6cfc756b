"""`ocpp-codegen init`: set up a repository that generates its own package with the tool.

It writes the repository's errata directory (with a README on the format), a Makefile fragment
with the commands and the options chosen, a Makefile and a .gitignore when there are none. It
never changes a file that exists: what it would have added to one is printed instead.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GenerationError
from .shipped import DEFAULT_SET, SCHEMA_SETS, SchemaSetFiles

FRAGMENT = Path("ocpp-codegen.mk")


@dataclass(frozen=True)
class Layout:
    """Where the repository keeps what the tool reads and writes, relative to its root."""

    out: Path
    errata: Path
    schemas: Path
    docs: Path | None = None
    schema_set: SchemaSetFiles = SCHEMA_SETS[DEFAULT_SET]

    def set_options(self) -> list[str]:
        """`--set NAME` for a set other than the default one."""
        return [] if self.schema_set.name == DEFAULT_SET else ["--set", self.schema_set.name]

    def source_options(self) -> list[str]:
        return [
            *self.set_options(),
            "--schemas",
            str(self.schemas),
            "--errata",
            str(self.errata),
            "--out",
            str(self.out),
        ]


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # existed already: left as they are
    steps: list[str] = field(default_factory=list)  # what the user still has to do


def init_repository(root: Path, layout: Layout) -> Outcome:
    outcome = Outcome()
    _create(root / layout.errata / "README.md", errata_readme(layout), outcome)
    _create(root / FRAGMENT, makefile_fragment(layout), outcome)
    if not _create(root / "Makefile", MAKEFILE, outcome):
        outcome.steps.append(f"add `include {FRAGMENT}` to your Makefile (targets ocpp-generate, ocpp-check)")
    ignored = f"/{layout.schemas.as_posix().strip('/')}/"
    if not _create(root / ".gitignore", f"{GITIGNORE_COMMENT}\n{ignored}\n", outcome):
        if ignored not in (root / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines():
            outcome.steps.append(f"add `{ignored}` to .gitignore (the fetched schema text stays out of git)")
    outcome.steps.append("generate with `make ocpp-generate`, then commit the package")
    outcome.steps.append(
        "in CI, run `make ocpp-check`: it fails when the committed package is not what the tool writes"
    )
    return outcome


def _create(path: Path, text: str, outcome: Outcome) -> bool:
    """Write a new file; an existing one is kept untouched. Whether it was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        if not path.is_file():
            raise GenerationError.single(
                path, "", "exists and is not a file, or a directory on its way is a file"
            ) from None
        outcome.kept.append(path)
        return False
    except OSError as error:
        raise GenerationError.single(path, "", f"cannot write it: {error.strerror}") from None
    outcome.written.append(path)
    return True


GITIGNORE_COMMENT = "# The OCPP schema text is the Open Charge Alliance's: `make ocpp-schemas` fetches it."

MAKEFILE = f"""\
# `make generate` writes the OCPP package; `make check` fails when it is not what the tool writes.
include {FRAGMENT}

.PHONY: generate check
generate: ocpp-generate
check: ocpp-check
"""


def makefile_fragment(layout: Layout) -> str:
    docs = f" --docs {shlex.quote(str(layout.docs))}" if layout.docs else ""
    chosen_set = "".join(f" {shlex.quote(word)}" for word in layout.set_options())
    return f"""\
# ocpp-codegen: how this repository generates its OCPP package. Written by `ocpp-codegen init`;
# it is yours to edit. OCPP_CODEGEN is the command (e.g. a tool venv's bin/ocpp-codegen).
OCPP_CODEGEN ?= ocpp-codegen
OCPP_SCHEMAS := {layout.schemas}
OCPP_ERRATA := {layout.errata}
OCPP_OUT := {layout.out}
OCPP_SOURCE :={chosen_set} --schemas $(OCPP_SCHEMAS) --errata $(OCPP_ERRATA)
OCPP_OPTIONS := $(OCPP_SOURCE) --out $(OCPP_OUT){docs}

.PHONY: ocpp-schemas ocpp-generate ocpp-check

# The schema files the tool's lock pins, downloaded once and checked against their SHA-256.
ocpp-schemas:
\t$(OCPP_CODEGEN) fetch-schemas{chosen_set} --out $(OCPP_SCHEMAS)

# Write the package, then check it accepts exactly what the schemas accept.
ocpp-generate: ocpp-schemas
\t$(OCPP_CODEGEN) generate $(OCPP_OPTIONS)
\t$(OCPP_CODEGEN) verify $(OCPP_SOURCE) --out $(OCPP_OUT)

# For CI: fail when the committed package differs from what generate writes, or does not verify.
ocpp-check: ocpp-schemas
\t$(OCPP_CODEGEN) check $(OCPP_OPTIONS)
\t$(OCPP_CODEGEN) verify $(OCPP_SOURCE) --out $(OCPP_OUT)
"""


def errata_readme(layout: Layout) -> str:
    shipped = sorted(path.name for path in layout.schema_set.errata.glob("*.json"))
    listing = "\n".join(f"- `{name}`" for name in shipped) or "- (none)"
    options = shlex.join(layout.source_options())
    return f"""\
# Errata of this repository

Corrections to the OCPP JSON schemas, applied before anything reads them. ocpp-codegen ships
errata of its own and applies them too: the ones here add to them, all in file-name order. An
erratum here with the file name of a shipped one replaces it; `--no-shipped-errata` applies none
of the shipped ones.
`ocpp-codegen errata --errata {layout.errata}` lists every erratum that applies, where it comes from
and why. The shipped ones today:

{listing}

## Format

One JSON file per erratum; all of them apply in file-name order, so prefix each with a number:

```json
{{
  "file": "StopTransaction.json",
  "reason": "why the schema is wrong",
  "source": "where the correction comes from (errata sheet, specification section)",
  "patch": [{{"op": "add", "path": "/properties/meterStop/minimum", "value": 0}}]
}}
```

`patch` is an RFC 6902 JSON Patch on that schema file. After adding or changing one:

```sh
ocpp-codegen check {options} --diff   # what it changes
make ocpp-generate                    # write it, verify it, then commit the package
```
"""
