"""The scenario exchange format: validating an import file before anything is stored.

An export is ``{"format": EXPORT_FORMAT, "format_version": 1, "exported_at": ...,
"scenarios": [{"name": ..., "versions": [{"version", "note", "created_at",
"params"}], "actuals": {"csv": ...}}]}``, where ``actuals``
(a scenario's monthly actuals, :mod:`model.actuals`) is optional: files made
before it existed import as they always did. An import may also be one
``{"name", "params", "note"}`` object (with ``actuals`` if any).
"""

from __future__ import annotations

import json

from model.actuals import canonical
from model.names import name_key, validate_name, validate_note
from model.scenario import Scenario

MAX_IMPORT_BYTES = 1_000_000
EXPORT_FORMAT = "ai-infra-planner-scenarios"
EXPORT_FORMAT_VERSION = 1


def parse_import(data: str | bytes) -> list[tuple[str, list[tuple[Scenario, str]]]]:
    """Validate an import file; ValueError saying what is wrong and where."""
    return [(name, versions) for name, versions, _ in parse_import_entries(data)]


def parse_import_entries(
    data: str | bytes,
) -> list[tuple[str, list[tuple[Scenario, str]], str | None]]:
    """Validate an import file: ``[(name, [(scenario, note)], actuals CSV or None)]``.

    ValueError saying what is wrong and where. Actuals are checked and
    rewritten by :func:`model.actuals.canonical`; of a name given twice
    the versions are joined and the last actuals kept.
    """
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_IMPORT_BYTES:
        raise ValueError(
            f"import file: {size:,} bytes; at most {MAX_IMPORT_BYTES:,} bytes are accepted"
        )
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ValueError(f"import file: not valid JSON{where}") from None
    except RecursionError:
        raise ValueError("import file: nested too deeply to be a scenario export") from None
    if isinstance(doc, dict) and "params" in doc and "scenarios" not in doc:
        doc = {
            "format": EXPORT_FORMAT,
            "scenarios": [
                {
                    "name": doc.get("name"),
                    "versions": [{"params": doc["params"], "note": doc.get("note", "")}],
                    "actuals": doc.get("actuals"),
                }
            ],
        }
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f'import file: not a scenario export (expected "format": "{EXPORT_FORMAT}", '
            'or one object with "name" and "params")'
        )
    fv = doc.get("format_version", EXPORT_FORMAT_VERSION)
    if isinstance(fv, bool) or not isinstance(fv, int) or not 1 <= fv <= EXPORT_FORMAT_VERSION:
        raise ValueError(
            f"import file: format_version {fv!r} is not supported; "
            f"this app reads 1 to {EXPORT_FORMAT_VERSION}"
        )
    scenarios = doc.get("scenarios")
    if not isinstance(scenarios, list) or not scenarios:
        raise ValueError('import file: "scenarios" must be a non-empty list')
    out: list[tuple[str, list[tuple[Scenario, str]], str | None]] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(scenarios, start=1):
        where = f"import file, scenario {i}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected an object with a name and versions")
        try:
            name = validate_name(entry.get("name"))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        where = f"import file, scenario {name!r}"
        versions = entry.get("versions")
        if not isinstance(versions, list) or not versions:
            raise ValueError(f'{where}: "versions" must be a non-empty list')
        parsed = []
        for j, v in enumerate(versions, start=1):
            if not isinstance(v, dict) or not isinstance(v.get("params"), dict):
                raise ValueError(f'{where}, version {j}: expected an object with "params"')
            try:
                note = validate_note(v.get("note", ""))
            except ValueError as exc:
                raise ValueError(f"{where}, version {j}: {exc}") from None
            try:
                parsed.append((Scenario.from_dict(v["params"]), note))
            except ValueError as exc:
                raise ValueError(f"{where}, version {j}: {exc}") from None
        actuals = _actuals(entry.get("actuals"), where)
        key = name_key(name)
        if key in seen:
            previous = out[seen[key]]
            previous[1].extend(parsed)
            if actuals is not None:
                out[seen[key]] = (previous[0], previous[1], actuals)
        else:
            seen[key] = len(out)
            out.append((name, parsed, actuals))
    return out


def _actuals(value: object, where: str) -> str | None:
    """A scenario entry's ``actuals``: {"csv": text} (or the text itself), checked."""
    if value is None:
        return None
    text = value.get("csv") if isinstance(value, dict) else value
    if not isinstance(text, str):
        raise ValueError(f'{where}, actuals: expected {{"csv": "month,..."}}')
    try:
        return canonical(text)
    except ValueError as exc:
        raise ValueError(f"{where}, actuals: {exc}") from None
