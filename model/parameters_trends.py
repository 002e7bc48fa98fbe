"""The trend inputs of the registry (model v2): how tokens per request grow,
how hardware improves, and what budget training may take.

Part of :data:`model.parameters.PARAMETERS`; each tuple below is placed in
its sidebar group there. The registry is still the one place an input is
declared.
"""

from __future__ import annotations

from model.param import Param

_OPENROUTER = (
    "OpenRouter and a16z, 'State of AI: an empirical 100 trillion token study' (Dec 2025): "
    "prompt tokens per request about quadrupled and completion tokens about tripled in a year "
    "of reasoning models and agents"
)

#: Demand group: tokens per request grow with context, reasoning and agents.
TOKEN_GROWTH: tuple[Param, ...] = (
    Param(
        name="input_tokens_growth_pct_per_year",
        label="Context growth",
        unit="% per year",
        default=40.0,
        min=-50.0,
        max=300.0,
        step=5.0,
        group="Demand",
        fmt="%.0f%%",
        help="Yearly growth of input tokens per request: longer histories, retrieval, tool results.",
        source=(
            f"{_OPENROUTER}; that is API traffic, heavy in coding agents. "
            "A consumer assistant grows slower: 40% a year (reasoned)."
        ),
        spread=("+", -20.0, 30.0),
        spread_source=(
            "20-70% a year sustained for the whole horizon: OpenRouter's ~4x is one year of "
            "API traffic; compounded over six years the range is already 3x to 24x (reasoned)."
        ),
    ),
    Param(
        name="output_tokens_growth_pct_per_year",
        label="Answer growth",
        unit="% per year",
        default=25.0,
        min=-50.0,
        max=300.0,
        step=5.0,
        group="Demand",
        fmt="%.0f%%",
        help="Yearly growth of output tokens per request: reasoning and agent steps.",
        source=(
            f"{_OPENROUTER}. With the uplift per generation below, a yearly-retrained "
            "assistant's answers grow ~1.6x a year, short of OpenRouter's ~3x (reasoned)."
        ),
        spread=("+", -15.0, 25.0),
        spread_source=(
            "10-50% a year sustained for the whole horizon, before the uplift per generation: "
            "OpenRouter's ~3x is one year of the switch to reasoning (reasoned)."
        ),
    ),
    Param(
        name="output_tokens_uplift_per_generation",
        label="Answer uplift per generation",
        unit="x per generation",
        default=1.25,
        min=0.2,
        max=10.0,
        step=0.05,
        group="Demand",
        fmt="%.2fx",
        help=(
            "Each new model generation multiplies output tokens per request by this "
            "(a reasoning model thinks before it answers); 1 = no change."
        ),
        source=(
            "Reasoning models spend 10-1000x the tokens of non-reasoning models on a prompt "
            "(N. Lambert on the OpenRouter study); averaged over all requests, most of which "
            "do not reason, a generation adds a quarter (reasoned)."
        ),
        spread=("x", 0.88, 1.2),
        spread_source="From a small uplift (1.1) to a generation that reasons on many more requests (1.5) (reasoned).",
    ),
)

#: Cost and energy group: hardware that improves.
HARDWARE: tuple[Param, ...] = (
    Param(
        name="energy_efficiency_gain_pct_per_year",
        label="Energy-efficiency gain",
        unit="% per year",
        default=40.0,
        min=0.0,
        max=100.0,
        step=1.0,
        group="Cost and energy",
        fmt="%.0f%%",
        help="Yearly rise in FLOP per joule of new accelerators: the same work takes this much less energy each year.",
        source="'Leading ML hardware gets ~40% more energy-efficient each year' (Epoch AI hardware data).",
        spread=("+", -15.0, 10.0),
        spread_source="Energy efficiency gains of 25-50% a year (Epoch AI trend and its spread).",
    ),
)

#: Training group: the budget a training programme can bear.
TRAINING_BUDGET: tuple[Param, ...] = (
    Param(
        name="training_spend_cap_x",
        label="Training budget cap",
        unit="x that year's inference spend",
        default=0.0,
        min=0.0,
        max=50.0,
        step=0.5,
        group="Training",
        fmt="%.1fx",
        zero_label="No cap",
        help=(
            "Caps each calendar year's training spend (runs and experiments) at this multiple "
            "of the year's inference spend, both at rental prices; the year's training compute "
            "is scaled down to fit. 0 = no cap."
        ),
        source=(
            "Training is paid for by what serving earns: OpenAI's 2024 compute was ~USD 5B R&D "
            "(incl. training) against ~USD 2B inference, 2.5x (Epoch AI estimate). Off by default; "
            "the Frontier lab preset caps at 3x."
        ),
    ),
)
