"""Type stubs of the CPython extension `whosaid` (python/*.c)."""
import datetime
import os
from typing import Any, Iterable, Iterator, Literal, Optional, TypedDict, Union

__version__: str

_Date = Union[str, datetime.date, None]
_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
_Text = Union[str, bytes]

class Span(TypedDict):
    text: str
    start: int  # code points: the document's str[start:end] is text
    end: int

class Speaker(TypedDict):
    name: str
    title: Optional[str]
    affiliation: Optional[str]

class Statement(TypedDict):
    """One statement: the fields of `whosaid extract`'s JSON lines."""
    doc: Optional[str]
    kind: Literal["direct", "indirect", "mixed"]
    content: Span
    content2: Optional[Span]
    cue: Span
    source: Optional[Span]
    speaker: Optional[Speaker]
    date: Optional[str]  # "YYYY-MM-DD"
    date_text: Optional[str]
    venue: Optional[str]
    cluster: str  # 16 hex digits
    confidence: float
    method: str

class Document(TypedDict, total=False):
    """An input document (a line of `--input jsonl`); only text is required."""
    text: _Text
    id: Union[str, int, None]
    date: _Date
    title: Optional[str]
    url: Optional[str]
    outlet: Optional[str]
    author: Optional[str]
    lang: Optional[str]

class ReadDocument(TypedDict):
    """A document as `whosaid read` gives it."""
    id: str
    title: Optional[str]
    date: Optional[str]
    url: Optional[str]
    outlet: Optional[str]
    author: Optional[str]
    lang: Optional[str]
    text: str

class HitSpeaker(TypedDict):
    name: str
    # "as": the name the extractor gave (a keyword in Python, so not typed here)
    title: Optional[str]
    affiliation: Optional[str]

class Hit(TypedDict):
    """A stored statement: the fields of `whosaid search --format jsonl`."""
    id: int
    doc: str
    doc_date: Optional[str]
    kind: str
    content: Span
    content2: Optional[Span]
    cue: Optional[Span]
    source: Optional[Span]
    speaker: Optional[dict[str, Optional[str]]]
    date: Optional[str]
    date_text: Optional[str]
    venue: Optional[str]
    cluster: Optional[str]
    sort_date: Optional[str]
    confidence: float
    method: Optional[str]
    topics: list[str]
    title: Optional[str]
    url: Optional[str]
    outlet: Optional[str]

class SpeakerRow(TypedDict):
    name: str
    statements: int
    person: bool
    first: Optional[str]
    last: Optional[str]
    titles: Optional[str]
    affiliations: Optional[str]
    aliases: Optional[str]

class Period(TypedDict):
    period: str
    by: Literal["day", "week", "month"]
    statements: int

class Error(RuntimeError): ...

def extract(text: _Text, date: _Date = None, id: Union[str, int, None] = None, title: Optional[str] = None,
            url: Optional[str] = None, outlet: Optional[str] = None) -> list[Statement]: ...

class Extractor:
    def __init__(self, data_dir: Optional[_Path] = None) -> None: ...
    @property
    def data_dir(self) -> str: ...
    def extract(self, text: _Text, date: _Date = None, id: Union[str, int, None] = None,
                title: Optional[str] = None, url: Optional[str] = None,
                outlet: Optional[str] = None) -> list[Statement]: ...
    def extract_many(self, documents: Iterable[Union[_Text, Document, ReadDocument]], threads: int = 1,
                     date: _Date = None) -> Iterator[Statement]: ...

def read(path: _Path, input: Optional[Literal["auto", "lines", "jsonl", "text", "html", "feed", "warc"]] = None,
         date: _Date = None) -> Iterator[ReadDocument]: ...

class Database:
    def __init__(self, path_or_url: _Path) -> None: ...
    def search(self, text: Optional[str] = None, speaker: Optional[str] = None, topic: Optional[str] = None,
               since: _Date = None, until: _Date = None, kind: Optional[str] = None,
               limit: Optional[int] = 50, match: Optional[str] = None) -> list[Hit]: ...
    def speakers(self, name: Optional[str] = None) -> list[SpeakerRow]: ...
    def timeline(self, text: Optional[str] = None, speaker: Optional[str] = None, topic: Optional[str] = None,
                 since: _Date = None, until: _Date = None, kind: Optional[str] = None,
                 by: Literal["day", "week", "month"] = "month", match: Optional[str] = None) -> list[Period]: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Database": ...
    def __exit__(self, *exc: Any) -> None: ...

def to_frame(statements: Iterable[dict[str, Any]]) -> Any:  # pandas.DataFrame
    ...
