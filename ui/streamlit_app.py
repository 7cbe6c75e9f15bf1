"""The argmap app's router: ``python -m streamlit run ui`` from the repository's root
(``make ui``).

Draws the shared sidebar (model and credence pickers), then runs the chosen page. Pages live
in ``ui/views/``, one file each (not ``pages/``: Streamlit would run a page from such a folder
without this router when its URL is visited first). To add a page, write ``views/<name>.py``
and list it in :data:`PAGES`.

The app is the package ``argmap.ui`` (``ui/`` is linked into the package as ``argmap/ui``):
``streamlit run ui`` runs it in a checkout, ``argmap app`` from an installed wheel, anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import streamlit as st

from argmap.ui import cache, sidebar, state, urlstate, widgets

VIEWS = Path(__file__).resolve().parent / "views"


class PageSpec(NamedTuple):
    """One page of the navigation: its file under ``views/``, title, icon and URL path."""

    file: str
    title: str
    icon: str
    url: str


# The pages, in navigation order; the first (the Map) is the default. (A comment, not a
# docstring: Streamlit's "magic" would print a bare string in this script on the page.)
PAGES = (
    PageSpec("map.py", "Map", ":material/account_tree:", "map"),
    PageSpec("credences.py", "Credences", ":material/tune:", "credences"),
    PageSpec("inspector.py", "Claim inspector", ":material/search:", "inspect"),
    PageSpec("why.py", "Why?", ":material/psychology_alt:", "why"),
    PageSpec("sensitivity.py", "Sensitivity", ":material/swap_vert:", "sensitivity"),
    PageSpec("uncertainty.py", "Uncertainty", ":material/stacked_line_chart:", "uncertainty"),
    PageSpec("compare.py", "Compare", ":material/compare_arrows:", "compare"),
    PageSpec("export.py", "Export", ":material/download:", "export"),
    PageSpec("glossary.py", "Glossary", ":material/menu_book:", "glossary"),
)

LIVE = PAGES[0].title
# The Map. Its credence sliders re-run only the parts that show numbers (fragments: the
# headline, the diagram, what changed and the share box), not the router or the sidebar; so
# the router leaves those pieces, which a slider changes, to that page.

# A constant style sheet (less empty space at the top); no model text ever goes into HTML.
STYLE = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 2.2rem; padding-left: 2rem; padding-right: 2rem;}
[data-testid="stSidebarHeader"] {height: 1rem; padding-top: 0.5rem;}
div:has(> .st-key-argmap-headline) {position: sticky; top: 0; z-index: 99; background: white;}
@media (max-width: 767px) {div:has(> .st-key-argmap-headline) {top: 3.75rem;}
  [data-testid="stMainBlockContainer"] {padding-top: 4.25rem;}}
.st-key-argmap-headline {background: white; border-bottom: 1px solid rgba(49, 51, 63, 0.2);
  padding: 0.35rem 0 0.1rem 0;}
.st-key-argmap-headline p {margin-bottom: 0.25rem;}
</style>"""


def pages() -> list[st.Page]:
    """The navigation's pages, from :data:`PAGES`."""
    return [
        st.Page(VIEWS / p.file, title=p.title, icon=p.icon, url_path=p.url, default=(i == 0))
        for i, p in enumerate(PAGES)
    ]


def main() -> None:
    """One run of the app: page set-up, session state, navigation, sidebar, then the page."""
    st.set_page_config(page_title="argmap", page_icon="🗺️", layout="wide")
    st.html(STYLE)
    state.init()
    urlstate.restore_picks()
    page = st.navigation(pages())
    if sidebar.render():  # also applies a link's view, once (urlstate.restore_view)
        if page.title == LIVE:
            page.run()  # its fragments draw the headline, the changes and the share box
            cache.settle(f"page {page.title}")
            return
        cur = state.current()  # callbacks ran before this run: cur is the view to keep
        share = st.sidebar.container()  # the share box's place, filled after the page
        sidebar.changes(cur)
        widgets.headline_bar(cur)
        page.run()
        # The URL and the share box come last, so the page reaches the browser first. (A
        # page that switches to another skips this; the next one writes it.)
        urlstate.share_box(cur, urlstate.publish(cur), where=share)
        cache.settle(f"page {page.title}")  # what its first run imported: out of the GC's way


if __name__ == "__main__":  # Streamlit runs this file as __main__; tests import it
    main()
