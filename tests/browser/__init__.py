"""The app in a real browser (Chromium at /usr/bin/chromium, driven by playwright)."""
