"""One error shape for every failure: ``{"error": {"code", "message", "details"}}``.

Errors dealscope raises on purpose keep their code (``E502`` for an unknown id); HTTP errors
(401, 403, unknown routes) and invalid requests get ``HTTP_<status>``. The status follows the
kind of error: unknown ids 404, impossible corrections 400, unreadable input 422.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from dealscope.core.errors import (
    CorrectionError,
    DealscopeError,
    FetchError,
    InputError,
    NotFoundError,
)

PageHandler = Callable[[Request, Any], Awaitable[Response]]
STATUS: tuple[tuple[type[DealscopeError], int], ...] = (
    (NotFoundError, 404),
    (CorrectionError, 400),
    (InputError, 422),
    (FetchError, 422),
)


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(
    status: int, code: str, message: str, details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details))
    return JSONResponse(
        jsonable_encoder(body, exclude_none=True), status_code=status, headers=headers
    )


def status_of(error: DealscopeError) -> int:
    return next((status for kind, status in STATUS if isinstance(error, kind)), 500)


async def _dealscope_error(_request: Request, exc: Exception) -> JSONResponse:
    error = exc if isinstance(exc, DealscopeError) else DealscopeError(str(exc))
    return error_response(status_of(error), error.code, error.message)


def _http_error(page_not_found: PageHandler | None) -> PageHandler:
    async def handle(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if page_not_found and status == 404 and not request.url.path.startswith("/api"):
            return await page_not_found(request, exc)
        message = str(exc.detail) if isinstance(exc, HTTPException) else "internal error"
        headers = getattr(exc, "headers", None)
        return error_response(status, f"HTTP_{status}", message, headers=headers)

    return handle


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    errors = list(exc.errors()) if isinstance(exc, RequestValidationError) else []
    message = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors
    )
    details = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in errors]
    return error_response(422, "HTTP_422", message or "invalid request", details)


def install(app: FastAPI, page_not_found: PageHandler | None = None) -> None:
    """JSON errors for the API; ``page_not_found`` answers 404s outside ``/api`` (the
    dashboard's HTML page)."""
    app.add_exception_handler(DealscopeError, _dealscope_error)
    app.add_exception_handler(HTTPException, _http_error(page_not_found))
    app.add_exception_handler(RequestValidationError, _invalid)


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The correction cannot be applied"},
    401: {"model": ErrorResponse, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorResponse, "description": "Writing is disabled (no token configured)"},
    404: {"model": ErrorResponse},
}
