"""Bad BIF: every problem the native reader finds is located (line, column) with a stable code,
through ``argmap import`` exit code 2 and one message, never a traceback; a fuzz test of random
mutations of valid files raises nothing but located errors."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.interchange import import_network_text, to_bif
from argmap.interchange.bif_reader import parse_bif_text
from argmap.interchange.network import NetworkSyntaxError
from argmap.loading import load_model
from argmap.resolve import MAX_MODEL_TABLE_ENTRIES, MAX_TABLE_ENTRIES
from tests.support.commands import run_main as run

GOOD = """network g {
}
variable a {
  type discrete [ 2 ] { x, y };
}
variable b {
  type discrete [ 2 ] { x, y };
}
probability ( a ) {
  table 0.5, 0.5;
}
probability ( b | a ) {
  ( x ) 0.5, 0.5;
  ( y ) 0.7, 0.3;
}
"""
TABLE_A = "probability ( a ) {\n  table 0.5, 0.5;\n}\n"

# (case, the file, code, line, column, the start of the message)
CASES = [
    ("count", GOOD.replace("[ 2 ] { x, y };\n}\nvariable b", "[ 3 ] { x, y };\n}\nvariable b"),
     "bad-value", 4, 19, "variable 'a' declares 3 states but lists 2"),
    ("no states", GOOD.replace("{ x, y };\n}\nvariable b", "{ };\n}\nvariable b"),
     "bad-value", 4, 19, "variable 'a' declares 2 states but lists 0"),
    ("not discrete", GOOD.replace("discrete [ 2 ] { x, y };\n}\nvariable b",
                                  "continuous [ 2 ] { x, y };\n}\nvariable b"),
     "bad-value", 4, 8, "variable 'a' is of type 'continuous' (expected 'discrete')"),
    ("unknown parent", GOOD.replace("b | a", "b | c"),
     "unknown-claim", 12, 19, "unknown variable 'c'"),
    ("unknown child", GOOD + "probability ( c ) {\n  table 1;\n}\n",
     "unknown-claim", 16, 15, "unknown variable 'c'"),
    ("unknown state", GOOD.replace("( y ) 0.7", "( z ) 0.7"),
     "unknown-state", 14, 5, "unknown state 'z' of 'a' (expected one of x, y)"),
    ("missing row", GOOD.replace("  ( y ) 0.7, 0.3;\n", ""),
     "table", 12, 15, "the table of 'b' misses 1 parent combination(s), the first (a=y)"),
    ("row states", GOOD.replace("( y ) 0.7", "( y, x ) 0.7"),
     "table", 14, 3, "a row of the table of 'b' names 2 state(s) (expected 1"),
    ("row count", GOOD.replace("( y ) 0.7, 0.3", "( y ) 0.7"),
     "table", 14, 3, "a row of the table of 'b' has 1 probabilities (expected 2"),
    ("table count", GOOD.replace("table 0.5, 0.5", "table 0.5"),
     "table", 10, 9, "the table of 'a' has 1 probabilities (expected 2"),
    ("default count", GOOD.replace("  ( y ) 0.7, 0.3;\n", "  default 1;\n"),
     "table", 14, 11, "the default row of the table of 'b' has 1 probabilities"),
    ("mixed", GOOD.replace("  ( y ) 0.7, 0.3;\n", "  table 0.1, 0.2;\n"),
     "table", 14, 3, "the table of 'b' mixes 'table' with rows"),
    ("empty table", GOOD.replace("table 0.5, 0.5;", ""),
     "table", 9, 15, "the table of 'a' has no probabilities"),
    ("no table", GOOD.replace(TABLE_A, ""),
     "missing-key", 3, 10, "variable 'a' has no probability table"),
    ("no type", GOOD.replace("  type discrete [ 2 ] { x, y };\n}\nvariable b", "}\nvariable b"),
     "missing-key", 3, 10, "variable 'a' has no type"),
    ("variable twice", GOOD + "variable a {\n  type discrete [ 2 ] { x, y };\n}\n",
     "duplicate", 16, 10, "variable 'a' is defined twice (first on line 3)"),
    ("state twice", GOOD.replace("{ x, y };\n}\nvariable b", "{ x, x };\n}\nvariable b"),
     "duplicate", 4, 28, "state 'x' of 'a' is defined twice (first on line 4)"),
    ("table twice", GOOD + TABLE_A,
     "duplicate", 16, 15, "the table of 'a' is defined twice (first on line 9)"),
    ("row twice", GOOD.replace("( y ) 0.7", "( x ) 0.7"),
     "duplicate", 14, 3, "the row (x) of the table of 'b' is given twice (first on line 13)"),
    ("parent twice", GOOD.replace("b | a", "b | a, a"),
     "duplicate", 12, 22, "parent 'a' of 'b' is named twice"),
    ("network twice", "network h { }\n" + GOOD,
     "duplicate", 2, 1, "the network block is defined twice (first on line 1)"),
    ("negative", GOOD.replace("0.7, 0.3", "-0.1, 1.1"),
     "out-of-range", 14, 9, "probability -0.1 in the table of 'b' (expected a finite number"),
    ("infinite", GOOD.replace("0.7, 0.3", "0.3, 1e999"),
     "out-of-range", 14, 14, "probability 1e999 in the table of 'b'"),
    ("cycle", GOOD.replace("probability ( a ) {", "probability ( a | b ) {")
     .replace("table 0.5, 0.5", "table 0.5, 0.5, 0.5, 0.5"),
     "cycle", 9, 15, "cycle: b -> a -> b"),
    ("self", GOOD.replace("b | a", "b | b"), "cycle", 12, 15, "cycle: b -> b"),
    ("not a number", GOOD.replace("0.7, 0.3", "nan, 0.3"),
     "syntax", 14, 9, "expected a number or ';' in the table of 'b', got 'nan'"),
    ("no semicolon", GOOD.replace("0.7, 0.3;", "0.7, 0.3"),
     "syntax", 15, 1, "expected a number or ';' in the table of 'b', got '}'"),
    ("unclosed comment", GOOD + "/* note", "syntax", 16, 1, "an unclosed comment"),
    ("unclosed quote", GOOD.replace("variable b", 'variable "b'), "syntax", 6, 10,
     "an unclosed quote"),
    ("junk", "this is not a network {", "syntax", 1, 1,
     "expected 'network', 'variable' or 'probability', got 'this'"),
    ("unclosed variable", GOOD[:GOOD.index("variable b") - 3], "syntax", 4, 32,
     "expected 'type', 'property' or '}' in variable 'a', got the end of the file"),
    ("bad count", GOOD.replace("[ 2 ] { x, y };\n}\nvariable b",
                               "[ two ] { x, y };\n}\nvariable b"),
     "syntax", 4, 19, "expected the number of states of 'a', got 'two'"),
    ("two bars", GOOD.replace("b | a", "b | a | a"), "syntax", 12, 21, "expected one '|'"),
    ("unclosed network", "network g {{ property x = 1;", "syntax", 1, 29,
     "expected '}' to close the network block"),
    ("deep network", "network g " + "{" * 100_000, "syntax", 1, 100_011,
     "expected '}' to close the network block"),
    ("unclosed property", "variable a { property x = 1", "syntax", 1, 28,
     "expected ';' to end the property"),
    ("stray character", GOOD.replace("( x ) 0.5, 0.5;", "( x ) 0.5, 0.5; ]"), "syntax", 13, 19,
     "expected '(', 'table', 'default' or '}' in the table of 'b', got ']'"),
]


@pytest.mark.parametrize(("case", "text", "code", "line", "column", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_problem_is_located_with_its_code(case: str, text: str, code: str, line: int,
                                               column: int, message: str) -> None:
    with pytest.raises(NetworkSyntaxError) as err:
        parse_bif_text(text)
    assert err.value.message.startswith(message), err.value.message
    assert (err.value.code, err.value.line, err.value.column) == (code, line, column)
    with pytest.raises(InputError) as imported:
        import_network_text(text, "bif", name="bad.bif")
    assert imported.value.codes == (code,)
    assert str(imported.value) == f"bad.bif:{line}:{column}: {err.value.message}"


def test_rows_that_do_not_sum_to_one_are_handled_as_before() -> None:
    """Left to the import pipeline: within 1e-6 renormalised and counted, else refused (every
    row at once), exactly as when pgmpy read the file."""
    near = import_network_text(GOOD.replace("0.7, 0.3", "0.7, 0.3000001"), "bif", name="n.bif")
    assert near.report.renormalised == (("b", "row (a=y)", pytest.approx(1.0000001)),)
    with pytest.raises(InputError) as err:
        import_network_text(GOOD.replace("0.7, 0.3", "0.7, 0.4").replace("table 0.5, 0.5",
                                                                           "table 0.5, 0.6"),
                            "bif", name="far.bif")
    assert err.value.codes == ("sum", "sum")


def test_tables_past_the_limits_are_refused_before_they_are_built() -> None:
    many = ", ".join(f"s{i}" for i in range(1000))
    big = (f"variable p {{ type discrete [ 1000 ] {{ {many} }}; }}\n"
           f"variable c {{ type discrete [ 1001 ] {{ {many}, extra }}; }}\n"
           "probability ( p ) { table 1; }\nprobability ( c | p ) { table 1; }\n")
    with pytest.raises(NetworkSyntaxError) as err:
        parse_bif_text(big)
    assert err.value.code == "limit" and err.value.line == 4
    assert f"1,001,000 entries (expected at most {MAX_TABLE_ENTRIES:,})" in err.value.message
    children = "".join(f"variable c{k} {{ type discrete [ 1000 ] {{ {many} }}; }}\n"
                       f"probability ( c{k} | p ) {{ table 1; }}\n" for k in range(11))
    with pytest.raises(NetworkSyntaxError) as err:
        parse_bif_text(big.split("variable c ")[0] + "probability ( p ) { table 1; }\n"
                       + children)
    assert err.value.code == "limit"
    assert f"past {MAX_MODEL_TABLE_ENTRIES:,} in all" in err.value.message


def test_cli_prints_one_located_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "bad.bif"
    source.write_text(GOOD.replace("( y ) 0.7", "( z ) 0.7"), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source), "-o", str(tmp_path / "m.yaml"))
    assert code == 2 and out == ""
    assert err.strip() == (f"error: {source}:14:5: unknown state 'z' of 'a' (expected one of "
                           "x, y)")
    assert not (tmp_path / "m.yaml").exists()


def _mutations(text: str, rng: random.Random, count: int) -> list[str]:
    pieces = ["{", "}", "(", ")", ";", ",", "|", '"', "/*", "//", "\n", " ", "table", "default",
              "variable", "probability", "property", "discrete", "[", "]", "0.5", "-1", "1e999",
              "x", "y", "a", "b", "é", "\x00", "nan"]
    found = []
    for _ in range(count):
        t = text
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(t) + 1)
            j = min(len(t), i + rng.randint(0, 12))
            op = rng.random()
            if op < 0.35:
                t = t[:i] + t[j:]
            elif op < 0.7:
                t = t[:i] + rng.choice(pieces) + t[i:]
            else:
                t = t[:i] + rng.choice(pieces) + t[j:]
        found.append(t)
    return found


@pytest.mark.timeout(300)
def test_fuzz_random_mutations_raise_only_located_errors() -> None:
    """2,000 mutations of two valid files (ours, written by argmap; and GOOD) parsed, 150 of
    them imported: nothing but a NetworkSyntaxError with a line, or an InputError."""
    rng = random.Random(14)
    sources = [GOOD, to_bif(load_model("models/examples/sprinkler.yaml"))]
    parsed = failed = 0
    for k, text in enumerate(_mutations(sources[0], rng, 1000) + _mutations(sources[1], rng, 1000)):
        try:
            parse_bif_text(text)
            parsed += 1
        except NetworkSyntaxError as err:
            failed += 1
            assert err.line is not None and err.column is not None and err.message
        if k % 13 == 0:
            try:
                import_network_text(text, "bif", name="fuzz.bif")
            except InputError as err:
                assert err.problems and err.exit_code == 2
    assert parsed > 50 and failed > 500  # both ways were exercised
