"""The FastAPI app factory: mounts each domain's routes, the static files and the session.

Run it with uvicorn's factory mode: `uvicorn --factory talentbridge.app:create_app`, or
`talentbridge serve`. There is no module-level app: importing this module starts nothing.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentbridge import deps
from talentbridge.accounts import views as accounts_views
from talentbridge.advisory import views as advisory_views
from talentbridge.companies import views as companies_views
from talentbridge.config import get_settings
from talentbridge.errors import TalentBridgeError
from talentbridge.feeds import views as feeds_views
from talentbridge.matching import views as matching_views
from talentbridge.registry import views as registry_views
from talentbridge.web import templating

SESSION_COOKIE = "talentbridge_session"
SESSION_HOURS = 12

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds _SECURITY_HEADERS to every response. Plain ASGI: Starlette's BaseHTTPMiddleware
    (what @app.middleware("http") makes) runs each response through an extra task and
    stream, a measurable share of a request's time under load."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"


def _error_page(request: Request, status_code: int, message: str | None) -> Response:
    return templating.templates.TemplateResponse(
        request, "error.html", {"status_code": status_code, "message": message}, status_code=status_code
    )


async def handle_talentbridge_error(request: Request, exc: Exception) -> Response:
    """JSON {"detail": message} under /api; for pages, the sign-in form when signed out,
    else an error page in the reader's language."""
    assert isinstance(exc, TalentBridgeError)
    if deps.is_api(request):
        headers = {"WWW-Authenticate": "Cookie"} if isinstance(exc, deps.SignInRequired) else None
        return JSONResponse({"detail": exc.text()}, status_code=exc.status_code, headers=headers)
    if isinstance(exc, deps.SignInRequired):
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in form into the page; send the whole window there.
            return Response(status_code=401, headers={"HX-Redirect": _login_url(request)})
        return RedirectResponse(_login_url(request), status_code=303)
    return _error_page(request, exc.status_code, templating.error_text(request, exc))


async def handle_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if deps.is_api(request):
        return await http_exception_handler(request, exc)
    return _error_page(request, exc.status_code, None)


async def handle_unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: the reader gets a page (or JSON) that says so in their words, the log the trace."""
    if deps.is_api(request):
        return JSONResponse(
            {"detail": "Something went wrong on our side. Try again; if it keeps happening, tell an administrator."},
            status_code=500,
        )
    return _error_page(request, 500, None)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if deps.is_api(request):
        return await request_validation_exception_handler(request, exc)
    return _error_page(request, 422, None)


def create_app() -> FastAPI:
    settings = get_settings()
    templating.load_translations()
    app = FastAPI(
        title="TalentBridge",
        summary="One register of foreign professionals, consolidated from the agencies' feeds.",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below, with Swagger UI from the package instead of a CDN
        redoc_url=None,
    )

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="TalentBridge API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=templating.STATIC), name="static")
    app.include_router(accounts_views.router)
    app.include_router(feeds_views.router)
    app.include_router(registry_views.router)
    app.include_router(matching_views.router)
    app.include_router(companies_views.router)
    app.include_router(advisory_views.router)
    app.add_exception_handler(TalentBridgeError, handle_talentbridge_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
    return app
