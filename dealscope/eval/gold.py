"""The gold format (``shared/eval/README.md``) as pydantic models, and its loader.

Beyond the README, a gold quote may give ``"span": [start, end]`` into the raw source text (the
file contents, or the ``text`` field of the JSON Lines record) instead of ``"text"``; the loader
reads the source and fills in ``text``, so every loaded :class:`GoldQuote` has one. When a quote
gives both, they must agree (whitespace aside).

Every problem is a :class:`GoldFormatError` of one line naming the file and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from dealscope.core.errors import GoldFormatError
from dealscope.core.model import DealType, Qualifier, Role, Sector, Status
from dealscope.eval.sources import SourceReader, resolve_source

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class _Gold(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldParty(_Gold):
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: CountryCode | None = None
    role: Role
    target: bool = False


class GoldQuantity(_Gold):
    count: float = Field(ge=0)
    item: str | None = None


class GoldDeal(_Gold):
    id: str = Field(min_length=1)
    type: list[DealType] = Field(min_length=1)
    parties: list[GoldParty] = Field(default_factory=list)
    countries: list[CountryCode] = Field(default_factory=list)
    value_usd: float | None = Field(default=None, ge=0)
    value_qualifier: Qualifier | None = None
    quantity: GoldQuantity | None = None
    stakes: dict[str, float] = Field(default_factory=dict)
    period_years: float | None = Field(default=None, ge=0)
    sector: list[Sector] = Field(min_length=1)
    status: list[Status] = Field(min_length=1)
    optional: bool = False

    @field_validator("type", "sector", "status", mode="before")
    @classmethod
    def _one_value_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class GoldQuote(_Gold):
    speaker: str | None = None
    text: str | None = None
    span: tuple[int, int] | None = None

    @model_validator(mode="after")
    def _text_or_span(self) -> GoldQuote:
        if self.text is None and self.span is None:
            raise ValueError("a quote needs a text or a span")
        if self.span is not None and not 0 <= self.span[0] <= self.span[1]:
            raise ValueError(f"span {list(self.span)} is not [start, end] with 0 <= start <= end")
        return self


class GoldArticle(_Gold):
    """One annotated article. After :func:`load_gold`, ``source`` is an absolute path."""

    article: str = Field(min_length=1)
    source: str | None = None
    published: Date | None = None
    deals: list[GoldDeal] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)

    _file: Path | None = PrivateAttr(default=None)

    @property
    def file(self) -> Path | None:
        """The file this article was loaded from, if any."""
        return self._file


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Load a gold file (one JSON object or a list of them) or a folder of ``*.json`` files."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise GoldFormatError(f"{path}: no *.json gold files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise GoldFormatError(f"{path}: no such file or folder")
    reader = SourceReader()
    articles: list[GoldArticle] = []
    for file in files:
        articles.extend(parse_gold_file(file, reader))
    check_unique_articles(articles)
    return articles


def parse_gold_file(file: Path, reader: SourceReader | None = None) -> list[GoldArticle]:
    """Every gold article of one file, sources resolved and quote spans filled in."""
    reader = reader or SourceReader()
    data = read_json(file)
    if not isinstance(data, list):
        return [parse_gold_article(data, file, "", reader)]
    if not data:
        raise GoldFormatError(f"{file}: holds no gold articles")
    return [parse_gold_article(item, file, f"[{i}].", reader) for i, item in enumerate(data)]


def parse_gold_article(
    obj: object, file: Path, where: str = "", reader: SourceReader | None = None
) -> GoldArticle:
    """Validate one gold article; ``where`` prefixes field names in error messages."""
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{file}: {where or 'top level: '}expected a JSON object")
    try:
        article = GoldArticle.model_validate(obj)
    except ValidationError as exc:
        raise GoldFormatError(f"{file}: {where}{describe_validation_error(exc)}") from None
    seen: set[str] = set()
    for i, deal in enumerate(article.deals):
        if deal.id in seen:
            raise GoldFormatError(f"{file}: {where}deals[{i}].id: duplicate deal id {deal.id!r}")
        seen.add(deal.id)
    if article.source is not None:
        article = article.model_copy(
            update={"source": resolve_source(article.source, file.resolve().parent)}
        )
    article = _fill_quote_texts(article, file, where, reader or SourceReader())
    article._file = file
    return article


def check_unique_articles(articles: Iterable[GoldArticle]) -> None:
    seen: dict[str, Path | None] = {}
    for article in articles:
        if article.article in seen:
            raise GoldFormatError(
                f"{article.file}: article: duplicate article id {article.article!r}"
                f" (also in {seen[article.article]})"
            )
        seen[article.article] = article.file


def read_json(file: Path) -> Any:
    """The parsed contents of a JSON file, or a one-line :class:`GoldFormatError`."""
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise GoldFormatError(f"{file}: file not found") from None
    except UnicodeDecodeError:
        raise GoldFormatError(f"{file}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            f"{file}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except OSError as exc:
        raise GoldFormatError(f"{file}: {exc.strerror or exc}") from None
    return data


def describe_validation_error(exc: ValidationError) -> str:
    """The first error of ``exc`` as ``field.path: message``, on one line."""
    errors = exc.errors()
    first = errors[0]
    message = f"{_location(first['loc'])}: {first['msg']}"
    if first["type"] in {"literal_error", "string_pattern_mismatch", "extra_forbidden"}:
        message += f" (got {_short(first['input'])})"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more errors)"
    return " ".join(message.split())


def _location(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text or "top level"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fill_quote_texts(
    article: GoldArticle, file: Path, where: str, reader: SourceReader
) -> GoldArticle:
    if all(quote.span is None for quote in article.quotes):
        return article
    if article.source is None:
        i = next(i for i, quote in enumerate(article.quotes) if quote.span is not None)
        raise GoldFormatError(f"{file}: {where}quotes[{i}].span: a span needs a source")
    try:
        raw = reader.raw_text(article.source)
    except GoldFormatError as exc:
        raise GoldFormatError(f"{file}: {where}source: {exc.message}") from None
    quotes: list[GoldQuote] = []
    for i, quote in enumerate(article.quotes):
        if quote.span is None:
            quotes.append(quote)
            continue
        start, end = quote.span
        if end > len(raw):
            raise GoldFormatError(
                f"{file}: {where}quotes[{i}].span: [{start}, {end}] runs past the end of the"
                f" source text ({len(raw)} characters)"
            )
        text = raw[start:end]
        if quote.text is not None and quote.text.split() != text.split():
            raise GoldFormatError(
                f"{file}: {where}quotes[{i}].text: differs from the source text at its span"
            )
        quotes.append(quote.model_copy(update={"text": text}))
    return article.model_copy(update={"quotes": quotes})
