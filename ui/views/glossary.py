"""Glossary: every term the app uses for its methods, each under its own anchor."""

from __future__ import annotations

import streamlit as st

from argmap.ui.glossary import TERMS


def main() -> None:
    """One heading and definition per term, in the order of :data:`argmap.ui.glossary.TERMS`."""
    st.subheader("Glossary", anchor=False)
    st.caption("The words the pages use for their methods. Other pages link here.")
    for slug, term in TERMS.items():
        st.subheader(term.title, anchor=slug)
        st.markdown(term.definition)


main()
