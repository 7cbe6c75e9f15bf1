"""The argmap app, imported as ``argmap.ui``: ``argmap app`` from anywhere, or
``python -m streamlit run ui`` from the repository's root (``make ui``).

``streamlit_app.py`` is the router, ``views/`` hold one page each, ``state.py`` owns the session
state (its docstring says how a page reads the current model, credences, evidence and do),
``cache.py`` holds every cache (loaded files, and analyses keyed on the whole state),
``sources.py`` finds and reads models and credence files, ``sidebar.py`` draws the pickers
every page shares, ``controls.py`` the credence widgets, ``charts.py`` what the analysis pages
share, ``saving.py`` the download and save; ``edit.py`` and ``describe.py`` are pure helpers
(no Streamlit) for changing values and writing them (and problems) out in words.

Pages render, the library computes: the app imports only the public ``argmap``,
``argmap.analysis`` and ``argmap.export``.
"""
