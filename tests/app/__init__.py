"""The app driven with AppTest (the logic, no browser)."""
