"""Stage 2, model: turn the loaded schemas and the protocol data into the intermediate representation.

It pairs files into actions, gives every inline object, enum and named string its
specification name, defines each named type once, and stops with every problem it finds:
unknown keywords, names that are not identifiers, and two schema places that define one
specification type differently (the consistency lint). One module a job:

- `stage`: the recipe, `build_protocol`;
- `actions`: schema files paired into actions and their messages;
- `reader`: a schema node read into a type (objects, fields, arrays, named scalars);
- `scalars`, `enums`: a string, number or boolean node, and a string enum;
- `keywords`: the keywords the models enforce, a node's declared kind, the size ceilings;
- `references`: `$ref`s followed across the set;
- `type_names`: the specification's name for a place, or a fallback with a warning;
- `type_table`: each named type defined once (deduplication);
- `lint`: how two definitions of one type differ;
- `location`, `findings`: where a node sits; the problems and warnings of a build.
"""

from __future__ import annotations

from .stage import ModelResult, build_protocol

__all__ = ["ModelResult", "build_protocol"]
