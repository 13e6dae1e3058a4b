"""The core layer: data model, errors and options. Imports nothing else of dealscope."""
