"""Every setting Casetrail has, read from `CASETRAIL_` environment variables in this one place."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from projections.thresholds import Thresholds

# A development signing secret that is safe only because it can never reach production: the settings
# refuse it unless the deployment says it is a development one.
DEVELOPMENT_SECRET = "casetrail-development-only-secret-change-me"


class Jurisdiction(StrEnum):
    ENGLAND = "england"
    WALES = "wales"


class StartDay(StrEnum):
    """Whether a clock's start day counts as day 0 or day 1 (local procedures differ)."""

    DAY_ZERO = "day-zero"
    DAY_ONE = "day-one"


class ProjectionFeed(StrEnum):
    """Where the in-process views are fed from: the store's notification log, or nowhere (a
    process that only takes commands while consumer processes keep the views)."""

    STORE = "store"
    NONE = "none"


class StoreKind(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"


class Settings(BaseSettings):
    """Casetrail's configuration. `CASETRAIL_STORE` is `sqlite` (files under `CASETRAIL_DATA_DIR`)
    or a PostgreSQL DSN such as `postgresql://user:password@host:5432/casetrail`."""

    model_config = SettingsConfigDict(
        env_prefix="CASETRAIL_", extra="forbid", frozen=True, env_nested_delimiter="__"
    )

    environment: str = Field("development", description="`development` or `production`")
    store: str = Field("sqlite", description="`sqlite`, or a PostgreSQL DSN")
    data_dir: Path = Field(Path("data"), description="folder of the SQLite files (embedded store)")
    postgres_schema: str | None = Field(
        None, pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL schema of the events and views (default: public)",
    )
    kafka_bootstrap_servers: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="comma-separated host:port list; empty: no Kafka"
    )
    kafka_topic: str = Field("casetrail.case-events", description="topic of the case events")
    kafka_partitions: int = Field(
        6, ge=1, description="partitions when the relay creates the topic"
    )
    authority_code: str = Field("999", pattern=r"^\d{3}$", description="DfE 3-digit LA number")
    authority_name: str = Field("Demo Borough Council")
    jurisdiction: Jurisdiction = Jurisdiction.ENGLAND
    start_day: StartDay = StartDay.DAY_ZERO
    projection_feed: ProjectionFeed = ProjectionFeed.STORE
    thresholds: Thresholds = Field(
        default_factory=Thresholds,
        description="caseload and risk thresholds, e.g. CASETRAIL_THRESHOLDS__NOT_SEEN_DAYS=21",
    )
    local_strategy_discussion: str | None = Field(None, description='e.g. "1 working days"')
    local_first_core_group: str | None = Field(None, description='e.g. "10 working days"')
    local_protection_plan_visits: str | None = Field(None, description='e.g. "4 weeks"')
    local_child_in_need_plan_reviews: str | None = Field(None, description='e.g. "3 months"')
    jwt_secret: SecretStr = Field(SecretStr(DEVELOPMENT_SECRET), description="HS256 signing key")
    jwt_public_key: str | None = Field(
        None, description="PEM key of an external issuer (RS256/EdDSA)"
    )
    jwt_issuer: str = "casetrail"
    jwt_audience: str = "casetrail"
    token_minutes: int = Field(480, ge=1, le=24 * 60)
    seal_signing_key: SecretStr | None = Field(
        None,
        description="Ed25519 key for tree heads: PKCS#8 PEM, or base64 of the 32-byte seed "
        "(`casetrail seal --new-key`); required in production",
    )
    seal_interval_seconds: float = Field(
        3600, ge=0, description="seconds between tree heads made by a serving process; 0: none"
    )
    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=1, le=65535)
    health_timeout_seconds: float = Field(2.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _split_bootstrap_servers(cls, values: dict[str, object]) -> dict[str, object]:
        servers = values.get("kafka_bootstrap_servers")
        if isinstance(servers, str):
            values["kafka_bootstrap_servers"] = [s.strip() for s in servers.split(",") if s.strip()]
        return values

    @model_validator(mode="after")
    def _require_a_seal_key_in_production(self) -> Self:
        from projections.seal.keys import parse_signing_key

        if self.seal_signing_key is not None:
            parse_signing_key(self.seal_signing_key.get_secret_value())  # fails at start-up
        elif self.environment == "production":
            # A development key lives in the data folder, beside the data it would vouch for.
            raise ValueError("CASETRAIL_SEAL_SIGNING_KEY must be set in production")
        return self

    @model_validator(mode="after")
    def _refuse_development_secret_in_production(self) -> Self:
        if self.environment == "production" and (
            self.jwt_secret.get_secret_value() == DEVELOPMENT_SECRET and self.jwt_public_key is None
        ):
            raise ValueError(
                "CASETRAIL_JWT_SECRET or CASETRAIL_JWT_PUBLIC_KEY must be set in production"
            )
        from runtime.policies import local_timescales

        local_timescales(self)  # a bad local period fails at start-up, naming the setting's value
        if self.store_kind is StoreKind.POSTGRES:
            self.postgres  # noqa: B018 - parse now so that a bad DSN fails at start-up
        elif self.store != "sqlite":
            raise ValueError("CASETRAIL_STORE must be 'sqlite' or a postgresql:// DSN")
        return self

    @property
    def store_kind(self) -> StoreKind:
        if self.store.startswith(("postgresql://", "postgres://")):
            return StoreKind.POSTGRES
        return StoreKind.SQLITE

    @property
    def postgres(self) -> PostgresAddress:
        return PostgresAddress.from_dsn(self.store)

    @property
    def uses_kafka(self) -> bool:
        return bool(self.kafka_bootstrap_servers)


class PostgresAddress:
    """The parts of a PostgreSQL DSN, as the eventsourcing library's recorder wants them."""

    def __init__(self, host: str, port: int, user: str, password: str, dbname: str) -> None:
        self.host, self.port, self.user, self.password, self.dbname = (
            host,
            port,
            user,
            password,
            dbname,
        )

    @classmethod
    def from_dsn(cls, dsn: str) -> PostgresAddress:
        parts = urlsplit(dsn)
        dbname = parts.path.lstrip("/")
        if not parts.hostname or not dbname or not parts.username:
            raise ValueError("a PostgreSQL DSN needs a user, a host and a database name")
        return cls(
            host=parts.hostname,
            port=parts.port or 5432,
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            dbname=dbname,
        )
