"""`herald serve`: a read-only JSON API over the event store, and the dashboard.

    GET /                              the dashboard (static HTML, JS and CSS; no CDN)
    GET /api/summary                   totals, date range, event types
    GET /api/events                    events matching the filters, a page at a time
    GET /api/events/{event_id}         one event with every mention (document, sentence, span)
    GET /api/actors                    actor codes, most active first; ?q= searches names
    GET /api/timeseries                counts per day/week/month/year, by type or by class
    GET /api/dyads                     the busiest country pairs
    GET /api/network                   actors and dyads as a weighted graph
    GET /api/documents                 stored documents; ?q= searches id, title, URL, outlet
    GET /api/documents/{doc_id}        a document's cleaned text with its event spans
    GET /api/openapi.json              the OpenAPI schema

Filters are those of `herald events` (actor, dyad, type, since, until, source,
min_mentions) and reach SQL as parameters only. The store is opened read-only and
is the only file the server reads besides the package's own static files. Every
error is one JSON shape, `{"error": {"code": ..., "message": ...}}`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from herald.errors import HeraldError
from herald.schema import PLOVER_TYPES
from herald.store import POSTGRES_PREFIXES, Store, open_store
from herald.store.query import EventFilter, parse_dyad
from herald.web import queries

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_PAGE = 500
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ERROR_CODES = {
    400: "bad_parameter",
    404: "not_found",
    405: "method_not_allowed",
    500: "internal_error",
}
# what to say after a parameter was refused: the accepted values
HINTS = {
    "limit": f"use an integer from 1 to {MAX_PAGE}",
    "offset": "use an integer of 0 or more",
    "min_mentions": "use an integer of 1 or more",
    "actor": "use an actor code such as IRN or UN (at most 32 characters)",
    "q": "use at most 200 characters",
    "split": (
        "type gives a series per PLOVER type, coop cooperation vs conflict, quad the QuadClasses"
    ),
}


# ---------------------------------------------------------------- errors
class ApiError(Exception):
    """A request the API refuses, with its HTTP status, error code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The one error shape of the API."""
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=SECURITY_HEADERS
    )


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for detail in err.errors():
        loc = [str(p) for p in detail.get("loc", ()) if p not in ("query", "path")]
        name = ".".join(loc) or "request"
        given = detail.get("input")
        shown = f"={given}" if isinstance(given, str | int | float) else ""
        hint = HINTS.get(name)
        text = f"{name}{shown}: {detail.get('msg', 'invalid value')}"
        parts.append(f"{text}; {hint}" if hint else text)
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> JSONResponse:
        return error_response(err.status, err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return error_response(400, "bad_parameter", _validation_message(err))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = ERROR_CODES.get(err.status_code, "http_error")
        if err.status_code == 404:
            message = (
                f"nothing at {request.url.path}; the API lives under /api (see /api/openapi.json)"
            )
        elif err.status_code == 405:
            message = (
                f"{request.method} is not allowed on {request.url.path}; the API is read-only (GET)"
            )
        else:
            message = str(err.detail)
        return error_response(err.status_code, code, message)

    @app.exception_handler(HeraldError)
    async def _store_error(request: Request, err: HeraldError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, err)
        return error_response(500, "store_error", str(err))

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal_error", f"the server failed on {request.url.path}")


# ---------------------------------------------------------------- response models
class ErrorBody(BaseModel):
    code: str = Field(description="bad_parameter, not_found, method_not_allowed, store_error, ...")
    message: str = Field(description="what was wrong, the value, and the accepted values")


class ErrorResponse(BaseModel):
    error: ErrorBody


class ActorOut(BaseModel):
    text: str | None = None
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    role: str | None = None


class LocationOut(BaseModel):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class CodedFields(BaseModel):
    """The coded fields of an event, shared by the event list and the document view."""

    event_id: str
    event_type: str | None
    mode: str | None
    cameo: str | None
    source: list[ActorOut]
    target: list[ActorOut]
    date: str | None
    date_precision: str | None
    location: LocationOut | None
    contexts: list[str]
    negated: bool
    sentence: str | None
    trigger: str | None
    confidence: float | None
    mentions: int = Field(description="mentions of the event across all documents")
    quad_class: int | None = Field(description="1-4: verbal/material cooperation/conflict")
    goldstein: float | None


class EventOut(CodedFields):
    doc_id: str
    event_type: str
    span: list[int | None]
    sources: list[str] = Field(description="ids of the reporting documents, first reporter first")
    dyads: list[str] = Field(description="undirected country pairs A-B of the event")


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    next_offset: int | None
    events: list[EventOut]


class MentionOut(BaseModel):
    mention_id: str
    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    pub_date: str | None
    event_type: str | None
    mode: str | None
    cameo: str | None
    date: str | None
    date_precision: str | None
    sentence: str | None
    span: list[int | None]
    trigger: str | None
    confidence: float | None
    doc_mentions: int | None


class EventDetail(EventOut):
    mention_list: list[MentionOut] = Field(description="every report of the event, in order")


class ActorSummary(BaseModel):
    code: str
    label: str | None
    events: int
    as_source: int
    as_target: int
    names: list[str] = Field(description="names seen for this code, most frequent first")


class ActorList(BaseModel):
    actors: list[ActorSummary]


class Series(BaseModel):
    key: str
    label: str
    counts: list[int]
    undated: int


class Timeseries(BaseModel):
    interval: str
    split: str
    periods: list[str] = Field(description="first day of each period (ISO dates)")
    series: list[Series]
    totals: list[int]
    undated: int = Field(description="matching events without a date (not in the periods)")
    events: int


class DyadCount(BaseModel):
    dyad: str
    a: str
    b: str
    a_label: str | None
    b_label: str | None
    events: int
    cooperation: int
    conflict: int


class DyadList(BaseModel):
    dyads: list[DyadCount]


class NetworkNode(BaseModel):
    code: str
    label: str | None
    events: int


class Network(BaseModel):
    nodes: list[NetworkNode]
    edges: list[DyadCount]


class DocumentSummary(BaseModel):
    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    pub_date: str | None
    n_events: int


class DocumentList(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class DocumentSpan(CodedFields):
    mention_id: str
    span: list[int | None] | None


class DocumentView(DocumentSummary):
    lang: str | None
    text: str | None = Field(description="the cleaned text that the spans point into")
    events: list[DocumentSpan]


class TypeCount(BaseModel):
    event_type: str
    events: int
    quad_class: int | None


class Summary(BaseModel):
    totals: dict[str, int]
    first_date: str | None
    last_date: str | None
    undated_events: int
    event_types: list[TypeCount]
    quad_classes: dict[str, str]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "a parameter was refused"},
    404: {"model": ErrorResponse, "description": "no such event or document"},
}


# ---------------------------------------------------------------- dependencies
def get_store(request: Request) -> Iterator[Store]:
    """A store on its own cursor for this request (DuckDB connections are not thread-safe)."""
    base: Store = request.app.state.store
    cursor = base.con.cursor()
    if base.location.startswith(POSTGRES_PREFIXES):
        cursor.execute("USE store")
    store = Store(cursor, base.location, read_only=True)
    try:
        yield store
    finally:
        store.close()


def _query_names(dependant: Any) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def refuse_unknown_parameters(request: Request) -> None:
    """A misspelt filter (?typ=ACCUSE) is an error, not a silently wider result."""
    route = request.scope.get("route")
    if not request.url.path.startswith("/api/") or not hasattr(route, "dependant"):
        return  # the dashboard page may carry anything in its address
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        accepted = ", ".join(sorted(known)) or "none"
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown query parameter {unknown[0]!r}; this endpoint accepts: {accepted}",
        )


def _check_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(
            400, "bad_parameter", f"{name}={value!r} is not a date; use YYYY-MM-DD, e.g. 2023-11-26"
        ) from None


def event_filter(
    actor: Annotated[
        str | None,
        Query(max_length=32, description="events with this actor code as source or target"),
    ] = None,
    dyad: Annotated[
        str | None,
        Query(max_length=65, description="A-B: between A and B either way; A>B: A acting on B"),
    ] = None,
    event_type: Annotated[
        list[str],
        Query(alias="type", description="PLOVER type; repeat or comma-separate for several"),
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    since: Annotated[str | None, Query(description="events on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="events on or before (YYYY-MM-DD)")] = None,
    source: Annotated[
        str | None,
        Query(max_length=200, description="outlet, or text in a reporting document's URL or id"),
    ] = None,
    min_mentions: Annotated[
        int, Query(ge=1, le=1_000_000, description="events with at least this many mentions")
    ] = 1,
) -> EventFilter:
    """The filters of `herald events`, checked and turned into an EventFilter."""
    types = [t.strip().upper() for value in event_type for t in value.split(",") if t.strip()]
    unknown = [t for t in types if t not in PLOVER_TYPES]
    if unknown:
        raise ApiError(
            400,
            "bad_parameter",
            f"type={unknown[0]!r} is not a PLOVER event type; use one of {', '.join(PLOVER_TYPES)}",
        )
    if dyad:
        try:
            parse_dyad(dyad)
        except HeraldError as err:
            raise ApiError(400, "bad_parameter", str(err)) from None
    since, until = _check_date("since", since), _check_date("until", until)
    if since and until and since > until:
        raise ApiError(
            400, "bad_parameter", f"since={since} is after until={until}; swap them or drop one"
        )
    return EventFilter(
        actor=actor.strip().upper() if actor and actor.strip() else None,
        dyad=dyad or None,
        event_types=tuple(dict.fromkeys(types)),
        since=since,
        until=until,
        source=source or None,
        min_mentions=min_mentions,
    )


StoreDep = Annotated[Store, Depends(get_store)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]


# ---------------------------------------------------------------- the app
def _package_version() -> str:
    try:
        return version("herald")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def create_app(db: str | Path) -> FastAPI:
    """The API and dashboard over the store at `db`, opened read-only.

    Raises StoreError (with the fix) when there is no store at `db` or it is in use.
    """
    store = open_store(db, read_only=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        if app.state.store is None:  # started again after a shutdown: open the store again
            app.state.store = open_store(db, read_only=True)
        try:
            yield
        finally:
            app.state.store.close()
            app.state.store = None

    app = FastAPI(
        title="herald",
        version=_package_version(),
        summary="Read-only API over a herald event store (PLOVER events, mentions, documents).",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN: offline, skip them
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_unknown_parameters)],
    )
    app.state.store = store
    _install_error_handlers(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    _add_routes(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _add_routes(app: FastAPI) -> None:
    """Every route of the API and the dashboard.

    Over 60 lines: the route declarations, one short function each, read best as
    the API's table of contents in one place.
    """
    index_html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")

    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(index_html)

    @app.get("/api/summary", response_model=Summary, tags=["store"])
    def get_summary(store: StoreDep) -> dict[str, Any]:
        """Totals, the date range of the events, and events per type."""
        return queries.summary(store)

    @app.get("/api/events", response_model=EventPage, responses=ERRORS, tags=["events"])
    def get_events(
        store: StoreDep,
        flt: FilterDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        order: Annotated[Literal["asc", "desc"], Query(description="by date")] = "asc",
    ) -> dict[str, Any]:
        """Events matching the filters, as `herald events` prints them, a page at a time."""
        total = queries.count_events(store, flt)
        events = queries.page_events(store, flt, limit=limit, offset=offset, order=order)
        following = offset + len(events)
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "next_offset": following if following < total else None,
            "events": events,
        }

    @app.get(
        "/api/events/{event_id}", response_model=EventDetail, responses=ERRORS, tags=["events"]
    )
    def get_event(
        store: StoreDep, event_id: Annotated[str, PathParam(max_length=200)]
    ) -> dict[str, Any]:
        """One event with every mention: document, title, sentence and span."""
        event = queries.event_detail(store, event_id)
        if event is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}; list events with /api/events")
        return event

    @app.get("/api/actors", response_model=ActorList, responses=ERRORS, tags=["actors"])
    def get_actors(
        store: StoreDep,
        flt: FilterDep,
        q: Annotated[
            str | None,
            Query(max_length=200, description="text in the code, its name, or names seen for it"),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> dict[str, Any]:
        """Actor codes of the matching events, most active first."""
        return {"actors": queries.actors(store, flt, q=q, limit=limit)}

    @app.get("/api/timeseries", response_model=Timeseries, responses=ERRORS, tags=["charts"])
    def get_timeseries(
        store: StoreDep,
        flt: FilterDep,
        interval: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
        split: Annotated[Literal["type", "coop", "quad"], Query()] = "type",
    ) -> dict[str, Any]:
        """Counts per period of the matching events (a dyad's: pass dyad=A-B), by type or class.

        split=type gives one series per PLOVER type, split=coop cooperation vs conflict,
        split=quad the four QuadClasses. Weeks start on Monday.
        """
        return queries.timeseries(store, flt, interval=interval, split=split)

    @app.get("/api/dyads", response_model=DyadList, responses=ERRORS, tags=["charts"])
    def get_dyads(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20
    ) -> dict[str, Any]:
        """The country pairs with the most matching events, with cooperation and conflict counts."""
        return {"dyads": queries.top_dyads(store, flt, limit=limit)}

    @app.get("/api/network", response_model=Network, responses=ERRORS, tags=["charts"])
    def get_network(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 40
    ) -> dict[str, Any]:
        """Actors as nodes, weighted by interactions, and the `limit` busiest dyads as edges."""
        return queries.network(store, flt, limit=limit)

    @app.get("/api/documents", response_model=DocumentList, responses=ERRORS, tags=["documents"])
    def get_documents(
        store: StoreDep,
        q: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """Stored documents, latest first; q searches id, title, URL and outlet."""
        total, docs = queries.documents(store, q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "documents": docs}

    @app.get(
        "/api/documents/{doc_id:path}",
        response_model=DocumentView,
        responses=ERRORS,
        tags=["documents"],
    )
    def get_document(store: StoreDep, doc_id: str) -> dict[str, Any]:
        """A document's cleaned text and the events found in it, each with its sentence span."""
        if len(doc_id) > 2000:
            raise ApiError(400, "bad_parameter", "doc_id is longer than 2000 characters")
        doc = queries.document(store, doc_id)
        if doc is None:
            raise ApiError(
                404, "not_found", f"no document {doc_id!r}; list documents with /api/documents"
            )
        return doc
