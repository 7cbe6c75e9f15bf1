"""Network interchange: argmap models to and from other tools' files, one module per format.

========================  ==================================================================
module                    what it holds
========================  ==================================================================
``bif``                   BIF: :func:`parse_bif` / :func:`to_bif`
``bif_reader``            BIF read natively (no pgmpy; its tokenizer ``_bif_syntax``)
``xmlbif``                XMLBIF 0.3: :func:`parse_xmlbif` / :func:`to_xmlbif`
``net``                   Hugin NET: :func:`parse_net` / :func:`to_net`
``xdsl``                  GeNIe XDSL (no pgmpy): :func:`parse_xdsl` / :func:`to_xdsl`
``argdown_reader``        Argdown maps read: statements, arguments, relations, warnings
``skeleton``              an Argdown map as a model skeleton with placeholder numbers
``bayesdown``             AMTAIR's BayesDown, read-only: :func:`parse_bayesdown`
``json_model``            the whole model as JSON, write-only: :func:`to_json`, ``model_dict``
``codecs``                the network formats by name: :func:`read_network`, :func:`write_network`
``network``               :class:`NetworkData`, what every network reader returns
``properties``            a claim's text as variable properties (``%XX``-escaped), both ways
``importing``             the import pipeline: :func:`import_network` -> :class:`ImportedNetwork`
``model_yaml``            the imported network written as readable model YAML
``pgmpy_bridge``          the only module that imports pgmpy (lazily): models to pgmpy
                          networks (:func:`to_pgmpy`), pgmpy's readers and writers, reference
                          marginals
``pgmpy_objects``         a pgmpy network in memory -> a model: :func:`from_pgmpy`
``pyagrum_bridge``        the only module that imports pyAgrum (lazily): :func:`to_pyagrum` /
                          :func:`from_pyagrum`, in memory
========================  ==================================================================

Which formats exist, their suffixes and what argmap can do with each is in the registry,
:mod:`argmap.formats`. Imports go one way: :mod:`argmap.export` (diagrams, the report, and the
one ``export()`` entry point) may import this package; nothing here imports :mod:`argmap.export`.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> back = import_network_text(to_xmlbif(model), "xmlbif", name="sprinkler.xml")
>>> back.model.claims["wet"].statement == model.claims["wet"].statement
True
>>> back.report.written_by_argmap
True
"""

from .bayesdown import parse_bayesdown
from .bif import parse_bif, to_bif
from .codecs import read_network, write_network
from .importing import (
    ImportedNetwork,
    ImportReport,
    import_network,
    import_network_text,
    read_network_text,
    safe_id,
)
from .json_model import model_dict, to_json
from .net import parse_net, to_net
from .network import IMPORT_TOLERANCE, NetworkData
from .pgmpy_bridge import pgmpy_marginals, structure_to_pgmpy, to_pgmpy
from .pgmpy_objects import from_pgmpy
from .properties import decode_text, encode_text
from .pyagrum_bridge import from_pyagrum, to_pyagrum
from .xdsl import parse_xdsl, to_xdsl
from .xmlbif import parse_xmlbif, to_xmlbif

__all__ = [
    "IMPORT_TOLERANCE",
    "ImportReport",
    "ImportedNetwork",
    "NetworkData",
    "decode_text",
    "encode_text",
    "from_pgmpy",
    "from_pyagrum",
    "import_network",
    "import_network_text",
    "model_dict",
    "parse_bayesdown",
    "parse_bif",
    "parse_net",
    "parse_xdsl",
    "parse_xmlbif",
    "pgmpy_marginals",
    "read_network",
    "read_network_text",
    "safe_id",
    "structure_to_pgmpy",
    "to_bif",
    "to_json",
    "to_net",
    "to_pyagrum",
    "to_pgmpy",
    "to_xdsl",
    "to_xmlbif",
    "write_network",
]
