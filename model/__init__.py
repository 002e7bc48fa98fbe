"""The planner's domain model: no Streamlit here, so the CLI, tests and app share it."""

from model.catalog import accelerators
from model.compute import gpu_hours, inference_flops, training_flops, training_gpu_hours
from model.engine import Projection, project
from model.fleet import breakeven_months, owned_cost_per_hour
from model.parameters import PARAMETERS, Param
from model.scenario import SCHEMA_VERSION, Scenario, presets
from model.serving import replica_accelerators, serving_throughput

__all__ = [
    "PARAMETERS",
    "SCHEMA_VERSION",
    "Param",
    "Projection",
    "Scenario",
    "accelerators",
    "breakeven_months",
    "gpu_hours",
    "inference_flops",
    "owned_cost_per_hour",
    "presets",
    "project",
    "replica_accelerators",
    "serving_throughput",
    "training_flops",
    "training_gpu_hours",
]
