"""The web dashboard: server-rendered pages over the deal store, each with a JSON twin.

``dealscope.api.app.create_app`` includes :data:`dealscope.web.pages.router` and serves
``dealscope/web/static`` at ``/static``. Pages are plain HTML (Jinja2, autoescaped) with a
little optional JavaScript; nothing is fetched from outside the server.
"""
