"""The web app (Flask, GOV.UK Frontend, htmx): built on the engine in the next issue."""
