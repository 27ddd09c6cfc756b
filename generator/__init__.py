"""ocpp-codegen: OCPP JSON schemas in, a typed pydantic package out.

The pipeline, one module a stage: load → model → render → write → verify.
"""

__version__ = "0.1.0"
