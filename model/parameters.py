"""The parameter registry: every scenario input, declared exactly once.

Scenario validation, the sidebar widgets, URL query keys, the methodology
page's assumptions table, export headers and CLI listings are all derived
from :data:`PARAMETERS`. Adding an input is one entry here plus the formula
that uses it.

Percentages are given in percent (40 means 40 %).
"""

from __future__ import annotations

from typing import Any

from model.catalog import accelerator_names
from model.param import Param
from model.parameters_fleet import FLEET
from model.parameters_serving import SERVING
from model.parameters_trends import HARDWARE, TOKEN_GROWTH, TRAINING_BUDGET

GROUPS = (
    "Headline levers",
    "Horizon",
    "Demand",
    "Serving",
    "Model",
    "Training",
    "Cost and energy",
    "Fleet",
)


def _p(**kw: Any) -> Param:
    return Param(**kw)


_ACCELERATORS = tuple(accelerator_names())

PARAMETERS: tuple[Param, ...] = (
    # --- The four headline levers, in the order the sidebar shows them. ---
    _p(
        name="adoption_peak_pct",
        label="Adoption",
        unit="% of addressable users",
        default=40.0,
        min=0.0,
        max=100.0,
        step=1.0,
        group="Headline levers",
        headline=True,
        fmt="%.0f%%",
        help="Share of the addressable users who use the service once adoption saturates.",
        source=(
            "Reasoned: ChatGPT reached ~800M weekly users, roughly a third of the "
            "~2.5B smartphone-era online adults it addresses (OpenAI, 2025); 40% "
            "is a mature consumer product's ceiling."
        ),
        spread=("x", 0.6, 1.5),
        spread_source="Reach of consumer AI products varies from a niche to ChatGPT's majority; ±50% around the estimate (reasoned).",
    ),
    _p(
        name="requests_per_user_per_day",
        label="Request volume",
        unit="requests per active user per day",
        default=10.0,
        min=0.0,
        max=100.0,
        step=0.5,
        group="Headline levers",
        headline=True,
        fmt="%.1f per day",
        help="Average requests an active user sends each day, at the start of the horizon.",
        source=(
            "ChatGPT: ~2.5 billion prompts per day over ~800M weekly users (mid "
            "2025), ~3 per user per day; 10 because agents and tools issue several "
            "model calls per user action (reasoned)."
        ),
        spread=("x", 0.5, 2.0),
        spread_source="Between ChatGPT's ~3 prompts per weekly user and agent-heavy use: half to double (reasoned).",
    ),
    _p(
        name="efficiency_gain_pct_per_year",
        label="Model efficiency",
        unit="% fewer FLOPs per token each year",
        default=25.0,
        min=0.0,
        max=90.0,
        step=1.0,
        group="Headline levers",
        headline=True,
        fmt="%.0f%%",
        help=(
            "Yearly cut in serving FLOPs per token from distillation, quantisation "
            "and serving software, at constant model generation."
        ),
        source=(
            "Compute for fixed capability halves every ~8 months, ~65%/yr (Ho et "
            "al. 2024, arXiv:2403.05812); serving gains are taken at well under "
            "half that (25%), since products spend part of them on capability."
        ),
        spread=("+", -10.0, 20.0),
        spread_source="From a slow year to about two thirds of the ~65%/yr algorithmic progress (Ho et al. 2024).",
    ),
    _p(
        name="gpu_hour_price_usd",
        label="Hardware price",
        unit="USD per H100-class GPU-hour",
        default=2.5,
        min=0.1,
        max=20.0,
        step=0.1,
        group="Headline levers",
        headline=True,
        fmt="$%.2f",
        help=(
            "What one H100-class GPU-hour costs today; other accelerators are "
            "priced in proportion to their catalog list price."
        ),
        source=(
            "H100 on-demand USD 2.0-5.0 late 2024 to 2026; specialist clouds "
            "~USD 2.5 (public price lists); DeepSeek-V3's report assumed USD 2 for H800."
        ),
        spread=("x", 0.8, 1.6),
        spread_source="H100 on-demand USD 2.0-5.0, late 2024 to 2026 (public price lists): the middle 80%.",
    ),
    # --- Horizon ---
    _p(
        name="start_year",
        label="Start year",
        unit="",
        default=2026,
        min=2020,
        max=2040,
        step=1,
        kind="int",
        group="Horizon",
        fmt="%d",
        help="The projection starts in January of this year.",
        source="Current planning year.",
    ),
    _p(
        name="horizon_years",
        label="Horizon",
        unit="years",
        default=6,
        min=1,
        max=15,
        step=1,
        kind="int",
        group="Horizon",
        fmt="%d",
        help="How many years the projection runs.",
        source="Typical capacity-planning horizon (a hardware generation plus depreciation).",
    ),
    # --- Demand ---
    _p(
        name="addressable_users",
        label="Addressable users",
        unit="people",
        default=200_000_000.0,
        min=0.0,
        max=10_000_000_000.0,
        step=1_000_000.0,
        group="Demand",
        fmt="%.0f",
        help="People who could use the service: the market it addresses.",
        source="Reasoned: a consumer assistant in several large markets, reaching tens of millions of active users.",
        spread=("x", 0.5, 1.5),
        spread_source="Market sizes are uncertain by about ±50% (reasoned).",
    ),
    _p(
        name="initial_adoption_pct",
        label="Adoption already reached",
        unit="% of peak adoption",
        default=5.0,
        min=0.0,
        max=99.0,
        step=1.0,
        group="Demand",
        fmt="%.0f%%",
        help="How far along the adoption curve the service is at the start.",
        source="Reasoned: launched, early in its adoption curve.",
        spread=("x", 0.5, 2.0),
        spread_source="Where a product stands on its curve is known to a factor of two (reasoned).",
    ),
    _p(
        name="bass_p",
        label="Innovation coefficient p",
        unit="per year",
        default=0.03,
        min=0.0001,
        max=1.0,
        step=0.01,
        group="Demand",
        fmt="%.3f",
        help="Bass diffusion: adoption driven by outside influence.",
        source="Mean p = 0.03 (Sultan, Farley & Lehmann 1990, meta-analysis of Bass 1969).",
        spread=("x", 0.33, 2.0),
        spread_source="Spread of p across the applications in Sultan, Farley & Lehmann (1990), approximately 0.01-0.06 around 0.03.",
    ),
    _p(
        name="bass_q",
        label="Imitation coefficient q",
        unit="per year",
        default=0.38,
        min=0.0,
        max=10.0,
        step=0.01,
        group="Demand",
        fmt="%.2f",
        help="Bass diffusion: adoption driven by word of mouth (AI features switched on for an existing user base spread far faster than consumer durables).",
        source="Mean q = 0.38 (Sultan, Farley & Lehmann 1990, meta-analysis of Bass 1969).",
        spread=("x", 0.5, 1.6),
        spread_source="Spread of q across the applications in Sultan, Farley & Lehmann (1990), approximately 0.2-0.6 around 0.38.",
    ),
    _p(
        name="usage_growth_pct_per_year",
        label="Usage growth per user",
        unit="% per year",
        default=20.0,
        min=-50.0,
        max=300.0,
        step=1.0,
        group="Demand",
        fmt="%.0f%%",
        help="Yearly growth in requests per active user (agents, longer sessions).",
        source="Reasoned: usage per user rises as products take on more tasks.",
        spread=("+", -15.0, 20.0),
        spread_source="Per-user usage growth from flat-ish to agent-driven (reasoned).",
    ),
    _p(
        name="input_tokens_per_request",
        label="Input tokens per request",
        unit="tokens",
        default=1500.0,
        min=0.0,
        max=1_000_000.0,
        step=100.0,
        group="Demand",
        fmt="%.0f",
        help="Prompt, history and retrieved context processed per request.",
        source="Reasoned: chat turns carry history and system prompts (~1-2k tokens).",
        spread=("x", 0.5, 2.0),
        spread_source="Context per request varies by a factor of two with history and retrieval (reasoned).",
    ),
    _p(
        name="output_tokens_per_request",
        label="Output tokens per request",
        unit="tokens",
        default=400.0,
        min=0.0,
        max=200_000.0,
        step=50.0,
        group="Demand",
        fmt="%.0f",
        help="Tokens generated per request (reasoning models generate far more).",
        source="Reasoned: a few paragraphs of answer.",
        spread=("x", 0.5, 2.5),
        spread_source="Reasoning models generate several times more tokens (reasoned).",
    ),
    *TOKEN_GROWTH,
    _p(
        name="edge_share_pct",
        label="Served on device",
        unit="% of requests",
        default=0.0,
        min=0.0,
        max=100.0,
        step=1.0,
        group="Demand",
        fmt="%.0f%%",
        help="Share of requests run on users' own devices: edge compute, off the data-centre bill.",
        source="Default: all requests served in the data centre.",
        spread=("+", 0.0, 10.0),
        spread_source="On-device serving may take a tenth more of the requests (reasoned).",
    ),
    # --- Serving ---
    _p(
        name="peak_to_average",
        label="Peak-to-average traffic",
        unit="x",
        default=2.0,
        min=1.0,
        max=10.0,
        step=0.1,
        group="Serving",
        fmt="%.1f",
        help="Capacity needed at the daily peak relative to average load.",
        source="Reasoned: consumer traffic follows the day; ~2x peak over mean is common.",
        spread=("x", 0.8, 1.5),
        spread_source="Diurnal peaks of 1.5-3x mean load (reasoned).",
    ),
    _p(
        name="autoscaling_pct",
        label="Autoscaling",
        unit="% of peak headroom released off-peak",
        default=50.0,
        min=0.0,
        max=100.0,
        step=5.0,
        group="Serving",
        fmt="%.0f%%",
        help="How much of the peak headroom is given back when traffic is low (100 = pay for average only).",
        source="Reasoned: partial autoscaling with reserved capacity.",
        spread=("+", -20.0, 20.0),
        spread_source="How well capacity follows load, ±20 points (reasoned).",
    ),
    *SERVING,
    # --- Model ---
    _p(
        name="active_params_b",
        label="Active parameters",
        unit="billion",
        default=70.0,
        min=0.001,
        max=5000.0,
        step=1.0,
        group="Model",
        fmt="%.1f",
        help="Parameters used per token by the first model (for a mixture of experts: the active ones).",
        source="Llama 3.1 70B class (Meta model card, 2024).",
        spread=("x", 0.7, 1.5),
        spread_source="The model size a product needs is known to about ±40% (reasoned).",
    ),
    _p(
        name="params_share_of_growth",
        label="Share of compute growth in model size",
        unit="exponent",
        default=0.5,
        min=0.0,
        max=1.0,
        step=0.05,
        group="Model",
        fmt="%.2f",
        help="How much of each generation's extra training compute goes into parameters (rest into tokens).",
        source="0.5 is compute-optimal: parameters and tokens scale equally (Hoffmann et al. 2022).",
        spread=("+", -0.1, 0.1),
        spread_source="Compute-optimal 0.5 (Hoffmann et al. 2022); recent models train longer (0.4).",
    ),
    # --- Training ---
    _p(
        name="train_tokens_t",
        label="Training tokens",
        unit="trillion",
        default=15.0,
        min=0.0,
        max=1000.0,
        step=0.5,
        group="Training",
        fmt="%.2f",
        help="Tokens the first training run sees (0 = no training of your own).",
        source="Llama 3.1 trained on ~15T tokens (Meta model card, 2024).",
        spread=("x", 0.7, 1.4),
        spread_source="Training sets of 10-20T tokens for this model class (Llama 3.1: 15T).",
    ),
    _p(
        name="retrain_every_months",
        label="New model every",
        unit="months",
        default=12,
        min=1,
        max=120,
        step=1,
        kind="int",
        group="Training",
        fmt="%d",
        help="A new training run starts this often.",
        source="Reasoned: yearly major releases (Llama 2 2023, Llama 3 2024).",
    ),
    _p(
        name="training_run_months",
        label="Training run length",
        unit="months",
        default=3,
        min=1,
        max=24,
        step=1,
        kind="int",
        group="Training",
        fmt="%d",
        help="Months one run's compute is spread over; its model serves from the month after.",
        source="Llama 3.1 405B pretraining took ~54 days on 16k H100 (Dubey et al. 2024, arXiv:2407.21783); ~3 months with preparation.",
    ),
    _p(
        name="generation_compute_growth",
        label="Compute growth per generation",
        unit="x per run",
        default=1.5,
        min=0.1,
        max=20.0,
        step=0.1,
        group="Training",
        fmt="%.1f",
        help="Each new run uses this many times the previous run's compute.",
        source="Frontier training compute grows 4-5x/yr (Epoch AI 2024); a product team training its own model grows slower: 1.5x per generation (reasoned).",
        spread=("x", 0.8, 1.6),
        spread_source="Growth per generation between a flat budget and a frontier-like 2.4x (reasoned).",
    ),
    _p(
        name="continuous_training_pct",
        label="Experiments and fine-tuning",
        unit="% of the latest run's compute per period",
        default=50.0,
        min=0.0,
        max=1000.0,
        step=5.0,
        group="Training",
        fmt="%.0f%%",
        help="Experimentation and fine-tuning compute, spread evenly between runs.",
        source="Meta splits AI power 10:20:70 experimentation:training:inference (Wu et al., MLSys 2022): experiments = 50% of training.",
        spread=("x", 0.5, 2.0),
        spread_source="Experiments from half to twice Meta's 10:20 experimentation:training split (Wu et al. 2022).",
    ),
    _p(
        name="training_mfu_pct",
        label="Training utilisation (best phase)",
        unit="% of peak BF16 FLOP/s",
        default=40.0,
        min=1.0,
        max=100.0,
        step=1.0,
        group="Training",
        fmt="%.0f%%",
        help=(
            "MFU of a large run's best phase. Whole runs achieve less, and small models "
            "spread over thousands of accelerators less still: 40% gives 35% over a 405B "
            "run, 25% at 70B, 14% at 8B; a run small enough for a server or two keeps 35%."
        ),
        source=(
            "Llama 3.1 405B: 38-43% BF16 MFU on H100 (Dubey et al. 2024, arXiv:2407.21783); the "
            "whole-run fit by size is on Llama 3.1 8B/70B/405B's published H100-hours (Meta model card)."
        ),
        spread=("x", 0.75, 1.1),
        spread_source="MFU of 30-44%: Llama 3.1 reached 38-43% (Dubey et al. 2024).",
    ),
    _p(
        name="training_accelerator",
        label="Training accelerator",
        unit="",
        default="H100 SXM",
        min=None,
        max=None,
        step=None,
        kind="choice",
        choices=_ACCELERATORS,
        group="Training",
        help="Accelerator that trains the models.",
        source="data/accelerators.csv",
    ),
    *TRAINING_BUDGET,
    # --- Cost and energy ---
    _p(
        name="price_performance_gain_pct_per_year",
        label="Price-performance gain",
        unit="% per year",
        default=30.0,
        min=0.0,
        max=100.0,
        step=1.0,
        group="Cost and energy",
        fmt="%.0f%%",
        help=(
            "Yearly rise in FLOP/s per dollar. Each year's accelerators rent at today's price and "
            "do this much more work, so the same work needs fewer of them and costs less."
        ),
        source="'Performance per dollar improves around 30% each year' (Epoch AI hardware data).",
        spread=("+", -10.0, 10.0),
        spread_source="FLOP/s per dollar doubles every ~2-3 years: 25-40% a year (Epoch AI).",
    ),
    *HARDWARE,
    _p(
        name="pue",
        label="PUE",
        unit="x",
        default=1.2,
        min=1.0,
        max=3.0,
        step=0.01,
        group="Cost and energy",
        fmt="%.2f",
        help="Power usage effectiveness: facility energy over IT energy.",
        source="Average data centre 1.58 (Uptime Institute 2023); hyperscale ~1.1; 1.2 for a modern cloud.",
        spread=("x", 0.92, 1.25),
        spread_source="Hyperscale 1.1 to the 1.58 average (Uptime Institute 2023), around 1.2.",
    ),
    _p(
        name="grid_gco2_per_kwh",
        label="Grid carbon intensity",
        unit="gCO2/kWh",
        default=436.0,
        min=0.0,
        max=1500.0,
        step=1.0,
        group="Cost and energy",
        fmt="%.0f",
        help="Carbon emitted per kWh of electricity drawn.",
        source="World average 436 gCO2/kWh (Ember 2022); France 56, Germany 381, China 582, India 713 (2023).",
        spread=("x", 0.6, 1.2),
        spread_source="Grid mixes decarbonise; regional intensity varies (Ember 2023).",
    ),
    *FLEET,
)

BY_NAME: dict[str, Param] = {p.name: p for p in PARAMETERS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
HEADLINE: tuple[Param, ...] = tuple(p for p in PARAMETERS if p.headline)
DEFAULTS: dict[str, float | int | str] = {p.name: p.default for p in PARAMETERS}


def param(name: str) -> Param:
    """The declaration of ``name``; ValueError naming it when unknown."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"{name}: unknown parameter") from None
