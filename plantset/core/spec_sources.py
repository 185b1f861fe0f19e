"""Spec models of the stream and library sources: OPC UA servers and document folders.

Kept apart from ``plantset.spec`` (which re-exports them) so neither module grows past what
one reads at once; the relational sources (SQL, exported files) live there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from plantset.core.spec_base import DURATION as _DURATION
from plantset.core.spec_base import SLUG as _SLUG
from plantset.core.spec_base import SecretRef, SourceBase, SpecModel


def seconds(duration: str) -> float:
    """A spec duration such as `500ms`, `1s`, `10m`, `2h` or `1d` in seconds."""
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", duration).groups()
    return float(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


class OpcUaSecurity(SpecModel):
    """How the OPC UA connection is secured: a policy, a mode and the client's certificate and key."""

    policy: Literal["None", "Basic256Sha256"] = Field("None", description="Security policy.")
    mode: Literal["None", "Sign", "SignAndEncrypt"] = Field("None", description="Message security mode.")
    certificate: str | None = Field(None, description="Path of the client's application certificate (DER or PEM).")
    private_key: str | None = Field(
        None, description="Path of the client's private key file (PEM, readable only by the service account); "
        "the key itself never goes into the spec."
    )
    server_certificate: str | None = Field(
        None, description="Path of the server's certificate to trust; the endpoint's own when omitted."
    )

    @model_validator(mode="after")
    def _consistent(self) -> OpcUaSecurity:
        if (self.policy == "None") != (self.mode == "None"):
            raise ValueError("`policy: None` goes with `mode: None`; Basic256Sha256 needs `mode: Sign` or `SignAndEncrypt`")
        if self.policy != "None" and (self.certificate is None or self.private_key is None):
            raise ValueError("a secured connection needs the client's `certificate` and `private_key`")
        return self


class OpcUaNodes(SpecModel):
    """Which variables to read: one node id, one browse path, or every variable under each instance of a type."""

    node_id: str | None = Field(None, description="A node id, e.g. `ns=2;s=PRS-01.Temperature` or `nsu=<uri>;i=1234`.")
    browse_path: str | None = Field(
        None, description="A path of browse names below Objects, e.g. `Machines/PRS-01/Monitoring/Temperature`; "
        "a name may be qualified as `<namespace uri>:<name>` only where names clash."
    )
    type: str | None = Field(
        None, description="An ObjectType: its node id, `<namespace uri>:<browse name>` or a unique browse name; every "
        "instance of it (or of a subtype) below `under` is selected, with the variables below each instance."
    )
    under: str = Field("", description="For `type`: the browse path below Objects to search; all of Objects when empty.")
    variables: list[str] = Field(
        default_factory=lambda: ["**"],
        description="For `type`: globs of the variables' paths below their instance, e.g. `Monitoring/*`; all when omitted.",
    )
    properties: bool = Field(
        False, description="For `type`: select properties too (nameplate values such as Manufacturer or SerialNumber "
        "are properties in the companion specifications), not only data variables."
    )
    equipment_level: int | None = Field(
        None, ge=0, description="Which browse-path element (0 = first below Objects) names the machine; by default "
        "the selected instance, or the variable's parent object.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> OpcUaNodes:
        if sum(v is not None for v in (self.node_id, self.browse_path, self.type)) != 1:
            raise ValueError("give exactly one of `node_id`, `browse_path` or `type`")
        return self


class OpcUaTable(SpecModel):
    """One reading of an OPC UA server into the long sensor table: a snapshot, a capture or history."""

    name: str = Field(pattern=_SLUG, description="Name of this table within the source; mappings refer to `source.name`.")
    mode: Literal["snapshot", "capture", "history"] = Field(
        description="`snapshot` reads current values once; `capture` subscribes for `duration`; `history` reads raw "
        "history (HistoryRead) from the last committed end, or the run's data interval."
    )
    nodes: list[OpcUaNodes] = Field(min_length=1, description="Variables to read.")
    sampling_interval: str = Field("1s", pattern=_DURATION, description="For `capture`: how often the server samples.")
    publishing_interval: str = Field("1s", pattern=_DURATION, description="For `capture`: how often the server sends.")
    queue_size: int = Field(
        100, ge=1, le=100_000, description="For `capture`: values the server queues per item between publishes; an "
        "overflow is counted and reported, never silent."
    )
    duration: str = Field("1m", pattern=_DURATION, description="For `capture`: how long to subscribe.")
    start: str | None = Field(
        None, description="For `history`: ISO 8601 time of the first run's start (with offset; naive times are the "
        "spec's `timezone`)."
    )
    end: str | None = Field(None, description="For `history`: ISO 8601 end of the history to read; now when omitted.")
    values_per_request: int = Field(
        10_000, ge=100, le=1_000_000, description="For `history`: values per node per HistoryRead; the rest follows "
        "with continuation points."
    )

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        from datetime import datetime

        if value is not None:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise ValueError("not an ISO 8601 time; write e.g. '2026-03-02T00:00:00+09:00'") from None
        return value

    @model_validator(mode="after")
    def _history_range(self) -> OpcUaTable:
        if self.mode == "history" and self.start is None:
            raise ValueError("`history` needs `start`: where the first run begins reading")
        return self


class OpcUaSource(SourceBase):
    """An OPC UA server (PLC, SCADA, machine controller): live and historical signal values."""

    kind: Literal["opcua"] = Field(description="`opcua` for an OPC UA server.")
    appends = True
    endpoint: str = Field(pattern=r"^opc\.tcp://[^@\s]+$", description="Endpoint URL, e.g. `opc.tcp://10.0.0.5:4840`, "
                          "without credentials.")
    security: OpcUaSecurity = Field(default_factory=OpcUaSecurity, description="Security policy, mode and certificates.")
    username: str | None = Field(None, description="User name; the password is kept in `password`.")
    password: SecretRef | None = Field(None, description="Where the user's password is kept.")
    anonymous: bool = Field(False, description="Connect without a user; only when the spec says so.")
    nodesets: list[str] = Field(
        default_factory=list, description="NodeSet2 XML files of companion specifications, so types in `nodes` resolve "
        "by name. Relative to the spec file."
    )
    timeout: float = Field(10, gt=0, le=600, description="Seconds a request may take before it fails.")
    connect_attempts: int = Field(5, ge=1, le=100, description="Attempts to connect at the start, with backoff.")
    reconnect_max_delay: float = Field(30, gt=0, le=3600, description="Longest wait between reconnect attempts (s).")
    reconnect_timeout: float = Field(
        120, gt=0, le=86_400, description="How long a lost connection may stay down before the run fails (s); "
        "long enough for the server (or the PLC behind it) to reboot."
    )
    tables: list[OpcUaTable] = Field(min_length=1, description="Readings to take.")

    def resolve_files(self, folder: Path) -> None:
        """NodeSets and certificates are named relative to the spec file."""
        def resolved(name: str) -> str:
            return name if Path(name).is_absolute() else str(folder / name)

        self.nodesets = [resolved(name) for name in self.nodesets]
        for attr in ("certificate", "private_key", "server_certificate"):
            if getattr(self.security, attr):
                setattr(self.security, attr, resolved(getattr(self.security, attr)))

    @model_validator(mode="after")
    def _who(self) -> OpcUaSource:
        if self.anonymous == (self.username is not None):
            raise ValueError("give `username` (with `password`) or say `anonymous: true`")
        if self.username is not None and self.password is None:
            raise ValueError("`username` needs `password: {env: NAME}`")
        return self


class Chunking(SpecModel):
    """How document text is cut into chunks for retrieval and training: by section, bounded, overlapping."""

    size: int = Field(1200, ge=100, le=100_000, description="Largest chunk, in `unit`s (a table is never split).")
    overlap: int = Field(150, ge=0, le=10_000, description="How much of a chunk's end starts the next one in the "
                         "same section, in `unit`s.")
    unit: Literal["chars", "tokens"] = Field("chars", description="`chars`, or `tokens` (words, numbers and "
                                             "punctuation; each Hangul word counts as one).")

    @model_validator(mode="after")
    def _overlap_smaller(self) -> Chunking:
        if self.overlap >= self.size:
            raise ValueError("`overlap` must be smaller than `size`")
        return self


DOCUMENT_CONTENTS = ("documents", "elements", "chunks", "sequences", "images", "simulation_logs")


class DocumentTable(SpecModel):
    """One table of a document source: the documents themselves, their elements, chunks or domain records."""

    name: str = Field(pattern=_SLUG, description="Name of this table within the source; mappings refer to `source.name`.")
    content: Literal[DOCUMENT_CONTENTS] = Field(  # type: ignore[valid-type]
        description="`documents` (one row per file), `elements` (titles, text, list items, tables… in reading "
        "order), `chunks` (section-aware text chunks), `sequences` (FASTA), `images`, `simulation_logs` (SPICE)."
    )
    pattern: str = Field("**/*", description="Glob of the files, relative to the source folder.")
    chunking: Chunking = Field(default_factory=Chunking, description="For `chunks`: size, overlap and unit.")
    furniture: Literal["drop", "keep"] = Field(
        "drop", description="For `elements`: page furniture (running heads, footers, page numbers: the company's "
        "name, address and phone on every page) is left out and counted (`drop`), or kept as Header/Footer/"
        "PageNumber elements (`keep`; `plantset audit` reads them so)."
    )


class DocumentSource(SourceBase):
    """A folder (or mounted share) of documents: PDF, Office, HTML, Markdown, text, e-mail, HWP/HWPX, images,
    DXF drawings, FASTA, SPICE logs. New or changed files only; a file that cannot be read is quarantined."""

    kind: Literal["documents"] = Field(description="`documents` for a folder of documents.")
    appends = True
    path: str = Field(description="Folder holding the documents.")
    ocr: bool = Field(True, description="Read scanned pages and images with Tesseract (Korean and English).")
    timeout_seconds: float = Field(120, gt=0, le=3600, description="Longest one file may take to parse; then it "
                                   "is quarantined and the run goes on.")
    memory_mb: int = Field(2048, ge=128, le=65536, description="Most memory one file's parser may use.")
    max_file_mb: int = Field(512, ge=1, le=1_000_000, description="Larger files are quarantined unread.")
    tables: list[DocumentTable] = Field(min_length=1, description="What to read from the documents.")
