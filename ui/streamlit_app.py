"""The argmap app's router: ``streamlit run ui``.

Draws the shared sidebar (model and credence pickers), then runs the chosen page. Pages live
in ``ui/views/`` (not ``pages/``: Streamlit would run a page from such a folder without this
router when its URL is visited first); the sensitivity, uncertainty, comparison and export
pages join the navigation, in that order, as soon as their files exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui import sidebar, state  # noqa: E402

PAGES = Path(__file__).resolve().parent / "views"
OWN = [
    ("map.py", "Map", ":material/account_tree:", "map"),
    ("credences.py", "Credences", ":material/tune:", "credences"),
    ("inspector.py", "Claim inspector", ":material/search:", "inspect"),
]
LATER = [
    ("sensitivity.py", "Sensitivity", ":material/swap_vert:", "sensitivity"),
    ("uncertainty.py", "Uncertainty", ":material/stacked_line_chart:", "uncertainty"),
    ("compare.py", "Compare", ":material/compare_arrows:", "compare"),
    ("export.py", "Export", ":material/download:", "export"),
]


def page_specs() -> list[tuple[str, str, str, str]]:
    """(file, title, icon, url path) of our pages, then of the later pages whose files exist."""
    return OWN + [entry for entry in LATER if (PAGES / entry[0]).is_file()]


def pages() -> list[st.Page]:
    """The navigation's pages; the first (the Map) is the default."""
    return [
        st.Page(PAGES / file, title=title, icon=icon, url_path=url, default=(i == 0))
        for i, (file, title, icon, url) in enumerate(page_specs())
    ]


# A constant style sheet (less empty space at the top); no model text ever goes into HTML.
STYLE = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 2.2rem; padding-left: 2rem; padding-right: 2rem;}
[data-testid="stSidebarHeader"] {height: 1rem; padding-top: 0.5rem;}
</style>"""


def main() -> None:
    st.set_page_config(page_title="argmap", page_icon="🗺️", layout="wide")
    st.html(STYLE)
    state.init()
    page = st.navigation(pages())
    if sidebar.render():
        page.run()


if __name__ == "__main__":  # Streamlit runs this file as __main__; tests import it
    main()
