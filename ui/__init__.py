"""The argmap app: ``streamlit run ui``.

``streamlit_app.py`` is the router, ``views/`` hold one page each, ``state.py`` owns the session
state (its docstring says how a page reads the current model, credences, evidence and do),
``sources.py`` finds and loads models and credence files, ``edit.py`` and ``describe.py`` are
pure helpers (no Streamlit) for changing values and writing them out in words.
"""
