"""argmap: probabilistic argument maps.

Turn a report's claims into a Bayesian network, put your own credences on the inputs, and
see what they imply, exactly.

>>> import argmap
>>> model = argmap.load_model("models/examples/sprinkler.yaml")
>>> result = argmap.marginals(model, evidence={"wet": "true"})
>>> round(result.p("rain"), 3)
0.705
"""

import importlib as _importlib
import sys as _sys
import types as _types
from typing import TYPE_CHECKING as _TYPE_CHECKING

if _TYPE_CHECKING:
    from ._display import state_words
    from .analysis import (
        BatchResult,
        Crux,
        Cruxes,
        MonteCarlo,
        Pool,
        Sensitivity,
        TwoWay,
        ValueOfInformation,
        batch_marginals,
        cruxes,
        montecarlo,
        pool,
        sensitivity,
        two_way,
        value_of_information,
    )
    from .bundled import default_model, models_dir
    from .credence_writer import credence_template, update_credences_text
    from .credences import Credences, load_credences, load_credences_text
    from .engine import Budget, Size, Structure, compile_structure
    from .errors import (
        ArgmapError,
        Code,
        Collector,
        ConflictError,
        ExportError,
        ImpossibleEvidenceError,
        InputError,
        MissingExtraError,
        Problem,
        UnknownNameError,
        did_you_mean,
    )
    from .export import DiagramOptions, export, to_argdown, to_dot, to_mermaid
    from .inference import Headline, Result, headline, headline_context, marginals, model_size
    from .interchange import (
        ImportedNetwork,
        ImportReport,
        from_pgmpy,
        from_pyagrum,
        import_network,
        import_network_text,
        structure_to_pgmpy,
        to_bif,
        to_json,
        to_net,
        to_pgmpy,
        to_pyagrum,
        to_xmlbif,
    )
    from .loading import decode, load_model, load_model_text, read_text
    from .model import Claim, Link, Model, Parameter, parameter_id, parse_parameter_id
    from .saving import atomic_write
    from .tables import build_tables, point_values
    from .values import (
        Beta,
        Dirichlet,
        Interval,
        MeanSd,
        Point,
        PointDist,
        Uncertain,
        Value,
        parse_distribution,
        parse_value,
    )

# Lazy on purpose (issue 14): `import argmap` is cheap, and each name loads its module on first
# use, so the command line's start-up pays only for what a command needs. The names below are
# the same as the imports above (for type checkers and readers); a test checks they agree.
_SOURCES: dict[str, str] = {  # module: the names it gives, space-separated
    "_display": "state_words",
    "analysis": (
        "BatchResult Crux Cruxes MonteCarlo Pool Sensitivity TwoWay ValueOfInformation "
        "batch_marginals cruxes montecarlo pool sensitivity two_way value_of_information"
    ),
    "bundled": "default_model models_dir",
    "credence_writer": "credence_template update_credences_text",
    "credences": "Credences load_credences load_credences_text",
    "engine": "Budget Size Structure compile_structure",
    "errors": (
        "ArgmapError Code Collector ConflictError ExportError ImpossibleEvidenceError InputError "
        "MissingExtraError Problem UnknownNameError did_you_mean"
    ),
    "export": "DiagramOptions export to_argdown to_dot to_mermaid",
    "inference": "Headline Result headline headline_context marginals model_size",
    "interchange": (
        "ImportedNetwork ImportReport from_pgmpy from_pyagrum import_network import_network_text "
        "structure_to_pgmpy to_bif to_json to_net to_pgmpy to_pyagrum to_xmlbif"
    ),
    "loading": "decode load_model load_model_text read_text",
    "model": "Claim Link Model Parameter parameter_id parse_parameter_id",
    "saving": "atomic_write",
    "tables": "build_tables point_values",
    "values": (
        "Beta Dirichlet Interval MeanSd Point PointDist Uncertain Value parse_distribution "
        "parse_value"
    ),
}
_MODULE_OF: dict[str, str] = {
    name: module for module, names in _SOURCES.items() for name in names.split()
}

__all__ = [
    "ArgmapError",
    "BatchResult",
    "Beta",
    "Budget",
    "Claim",
    "Code",
    "Collector",
    "ConflictError",
    "Credences",
    "Crux",
    "Cruxes",
    "DiagramOptions",
    "Dirichlet",
    "ExportError",
    "Headline",
    "ImportReport",
    "ImportedNetwork",
    "ImpossibleEvidenceError",
    "InputError",
    "Interval",
    "Link",
    "MeanSd",
    "MissingExtraError",
    "Model",
    "MonteCarlo",
    "Parameter",
    "Point",
    "PointDist",
    "Pool",
    "Problem",
    "Result",
    "Sensitivity",
    "Size",
    "Structure",
    "TwoWay",
    "Uncertain",
    "UnknownNameError",
    "Value",
    "ValueOfInformation",
    "atomic_write",
    "batch_marginals",
    "build_tables",
    "compile_structure",
    "credence_template",
    "cruxes",
    "decode",
    "default_model",
    "did_you_mean",
    "export",
    "from_pgmpy",
    "from_pyagrum",
    "headline",
    "headline_context",
    "import_network",
    "import_network_text",
    "load_credences",
    "load_credences_text",
    "load_model",
    "load_model_text",
    "marginals",
    "model_size",
    "models_dir",
    "montecarlo",
    "parameter_id",
    "parse_distribution",
    "parse_parameter_id",
    "parse_value",
    "point_values",
    "pool",
    "read_text",
    "sensitivity",
    "state_words",
    "structure_to_pgmpy",
    "to_argdown",
    "to_bif",
    "to_dot",
    "to_json",
    "to_mermaid",
    "to_net",
    "to_pgmpy",
    "to_pyagrum",
    "to_xmlbif",
    "two_way",
    "update_credences_text",
    "value_of_information",
]
__version__ = "0.1.0"

if not _TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Import a public name's module on first use (PEP 562), then keep the name here."""
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module 'argmap' has no attribute {name!r}")
        value = getattr(_importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))

    class _Api(_types.ModuleType):
        """``argmap`` itself: importing the subpackage ``argmap.export`` binds the name
        ``export`` to it; the public name stays the function, as with an eager import."""

        def __setattr__(self, name: str, value: object) -> None:
            if isinstance(value, _types.ModuleType) and _MODULE_OF.get(name) == name:
                value = getattr(value, name)
            super().__setattr__(name, value)

    _sys.modules[__name__].__class__ = _Api
