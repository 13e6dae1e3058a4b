"""HTML pages with JSON twins: one view, two routes (``/x`` and ``/x.json``), as in datasette.

A view is a plain FastAPI dependency that returns a pydantic *context*; :func:`page` registers
it twice, once rendered through a Jinja template and once as JSON, so what a page shows and
what its twin returns cannot drift apart. An unknown id (:class:`NotFoundError`) becomes a
404 page, or a 404 JSON body on the twin.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the annotations of the
# handlers built inside ``page`` at run time, and they name a local type (``View``).
import functools
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel

from dealscope.core.errors import NotFoundError
from dealscope.web.format import FILTERS

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC_DIR = HERE / "static"

Ctx = TypeVar("Ctx", bound=BaseModel)


class Missing(BaseModel):
    """What a view's twin gets instead of its context when the id does not exist."""

    error: str
    code: str


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def query_string(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` applied (``None`` drops a parameter)."""
    params = {k: v for k, v in request.query_params.items() if v != ""}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else ""


def twin_path(path: str) -> str:
    """Where a page's JSON twin lives: ``/deals`` -> ``/deals.json``, ``/`` -> ``/index.json``."""
    return "/index.json" if path.rstrip("/") == "" else f"{path.rstrip('/')}.json"


def render(request: Request, template: str, context: BaseModel, status_code: int = 200) -> Response:
    """``template`` rendered with the view's context as ``page`` and a few URL helpers."""
    root = request.scope.get("root_path", "").rstrip("/")
    query = request.url.query
    html = environment().get_template(template).render(
        page=context,
        root=root,
        path=request.url.path,
        json_url=twin_path(request.url.path) + (f"?{query}" if query else ""),
        qs=functools.partial(query_string, request),
    )
    return HTMLResponse(html, status_code=status_code)


def page(
    router: APIRouter, path: str, template: str, name: str
) -> Callable[[Callable[..., Ctx]], Callable[..., Ctx]]:
    """Register ``view`` at ``path`` (HTML through ``template``) and ``path.json`` (its context)."""

    def register(view: Callable[..., Ctx]) -> Callable[..., Ctx]:
        @functools.wraps(view)
        def context(*args: Any, **kwargs: Any) -> BaseModel:
            try:
                return view(*args, **kwargs)
            except NotFoundError as exc:
                return Missing(error=exc.message, code=exc.code)

        View = Annotated[BaseModel, Depends(context)]

        def as_html(request: Request, ctx: View) -> Response:
            if isinstance(ctx, Missing):
                return render(request, "404.html", ctx, status_code=404)
            return render(request, template, ctx)

        def as_json(ctx: View) -> Response:
            if isinstance(ctx, Missing):
                return JSONResponse(ctx.model_dump(), status_code=404)
            return JSONResponse(ctx.model_dump(mode="json"))

        router.add_api_route(
            path, as_html, methods=["GET"], name=name, response_class=HTMLResponse,
            include_in_schema=False,
        )
        router.add_api_route(
            twin_path(path),
            as_json, methods=["GET"], name=f"{name}_json", include_in_schema=False,
        )
        return view

    return register

