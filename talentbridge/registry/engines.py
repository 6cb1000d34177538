"""Where Splink runs the linkage: embedded DuckDB (the default) or Spark.

Both engines give the linkage the same four things: Splink's database API, a way to hand
it the linkage table (an Arrow table), a way to read a result table back as Python
tuples, and `close`. `linkage.link` needs nothing else, so the model (model.py) and the
clustering are the same whichever engine scored the pairs.

Spark runs in local mode here: one JVM on this machine, started by `open_engine("spark")`
and stopped by `close()`. pyspark and Java are optional; without them the Spark engine
says what to install instead of failing somewhere inside Splink.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from talentbridge.errors import Invalid

if TYPE_CHECKING:
    import duckdb

ENGINES = ("duckdb", "spark")

SPARK_INSTALL = (
    "install pyspark with `pip install 'talentbridge[spark]'` and a Java 17 (or newer) runtime "
    "(on Debian: `apt-get install default-jre-headless`)"
)


class EngineUnavailable(Invalid):
    """The chosen engine cannot start on this machine; the message says what to install."""


class Engine(Protocol):
    name: str
    db_api: Any  # Splink's database API over this engine

    def register(self, table: pa.Table, name: str) -> Any:
        """`table` as a table named `name`, returned as the SplinkDataFrame `Linker` takes."""
        ...

    def rows(self, frame: Any, columns: Sequence[str], where: str | None = None) -> list[tuple[Any, ...]]:
        """The given columns of a SplinkDataFrame (e.g. the predictions), as tuples; only
        the rows matching `where` (SQL both engines read) when it is given."""
        ...

    def close(self) -> None: ...


class _Closing:
    """`with open_engine(...) as engine:` closes the engine however the block ends."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def open_engine(name: str, *, memory_limit: str | None = None) -> Engine:
    """A started engine: "duckdb" or "spark". `memory_limit` (e.g. "8GB") caps DuckDB's
    memory, or sets the Spark driver's heap (local mode runs everything in the driver)."""
    if name == "duckdb":
        return DuckDBEngine(memory_limit=memory_limit)
    if name == "spark":
        return SparkEngine(memory_limit=memory_limit)
    raise EngineUnavailable(f"there is no linkage engine {name!r}; choose one of {', '.join(ENGINES)}")


# --- DuckDB -----------------------------------------------------------------------------


class DuckDBEngine(_Closing):
    """An embedded DuckDB connection of our own, so Splink's result tables can be read
    through it."""

    name = "duckdb"

    def __init__(self, *, memory_limit: str | None = None) -> None:
        import duckdb
        from splink import DuckDBAPI

        self.connection: duckdb.DuckDBPyConnection = duckdb.connect()
        if memory_limit:
            quoted = memory_limit.replace("'", "''")
            try:
                self.connection.execute(f"SET memory_limit = '{quoted}'")
            except duckdb.Error as exc:
                self.connection.close()
                raise EngineUnavailable(
                    f"the memory limit {memory_limit!r} is not a size such as 8GB or 512MB"
                ) from exc
        # The linkage never depends on row order; without it DuckDB spills and joins with less memory.
        self.connection.execute("SET preserve_insertion_order = false")
        self.db_api: Any = DuckDBAPI(self.connection)

    def register(self, table: pa.Table, name: str) -> Any:
        return self.db_api.register(table, table_name=name)

    def rows(self, frame: Any, columns: Sequence[str], where: str | None = None) -> list[tuple[Any, ...]]:
        selected = ", ".join(f'"{column}"' for column in columns)
        condition = f" WHERE {where}" if where else ""
        # DuckDB 2.0 relations have no fetchone; fetchall is the one way to rows.
        return self.connection.sql(f"SELECT {selected} FROM {frame.physical_name}{condition}").fetchall()

    def close(self) -> None:
        self.connection.close()


# --- Spark ------------------------------------------------------------------------------

# Startup and per-stage chatter (native Hadoop missing, hostname on loopback, progress
# bars) is not for the user; errors still reach stderr.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = spark %p %c{1}: %m%n%ex
logger.submit.name = org.apache.spark.deploy.SparkSubmit
logger.submit.level = error
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""

SPARK_DRIVER_MEMORY = "2g"  # enough for a few hundred thousand records; memory_limit raises it
SPARK_PARTITIONS = 8  # Spark's 200 is for clusters; locally each partition is a task's overhead
# For short runs (tests, a few thousand records): a fresh JVM's optimising (C2) compiler
# spends more CPU compiling Spark than Spark spends linking, about half of a two-minute
# run on two cores. Long runs want C2, so this is not the default.
SPARK_QUICK_START = ("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=256m", "-XX:+UseSerialGC")


class SparkEngine(_Closing):
    """A local-mode Spark session (two cores, this machine only) and Splink's SparkAPI over
    it. Its scratch space (checkpoints, where Splink writes each intermediate table as
    Parquet, shuffle files, warehouse) is one temporary folder that `close` removes.

    One per process: Spark keeps one session per JVM, and closing one engine would stop
    the other's."""

    name = "spark"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        partitions: int = SPARK_PARTITIONS,
        java_options: Sequence[str] = (),
    ) -> None:
        try:
            from pyspark.sql import SparkSession
            from splink import SparkAPI
            from splink.backends.spark import similarity_jar_location
        except ImportError as exc:
            raise EngineUnavailable(f"the spark engine needs pyspark, which is not installed: {SPARK_INSTALL}") from exc
        java = _java()
        driver_memory = _jvm_size(memory_limit) if memory_limit else SPARK_DRIVER_MEMORY
        if SparkSession.getActiveSession() is not None:
            raise EngineUnavailable("a Spark session is already running in this process; close that engine first")
        scratch = Path(tempfile.mkdtemp(prefix="talentbridge-spark-"))
        self.scratch: Path | None = scratch
        try:
            log4j = scratch / "log4j2.properties"
            log4j.write_text(_LOG4J2, encoding="utf-8")
            builder = (
                SparkSession.builder.master("local[2]")
                .appName("talentbridge-linkage")
                # Splink's jaro_winkler and damerau_levenshtein are Java UDFs in this jar.
                .config("spark.jars", similarity_jar_location())
                .config("spark.driver.memory", driver_memory)
                .config(
                    "spark.driver.extraJavaOptions",
                    " ".join([f"-Dlog4j2.configurationFile={log4j.as_uri()}", *java_options]),
                )
                # Local mode talks to itself only: nothing listens beyond loopback, and ports
                # are the system's pick (two test workers, two sessions, no clash).
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", str(partitions))
                .config("spark.default.parallelism", str(partitions))
                .config("spark.local.dir", str(scratch / "local"))
                .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
                # Should Spark ever start Python workers, the interpreter running us (the
                # venv's), not whichever python3 is first on PATH.
                .config("spark.pyspark.python", sys.executable)
                .config("spark.pyspark.driver.python", sys.executable)
                # Session time zone fixed, so date functions do not depend on the machine's.
                .config("spark.sql.session.timeZone", "UTC")
            )
            try:
                self.spark: Any = builder.getOrCreate()
            except Exception as exc:  # the JVM did not start: Java too old, or broken
                raise EngineUnavailable(
                    f"Spark could not start with {java} ({_java_version(java)}): it needs Java 17 or newer; "
                    f"{SPARK_INSTALL}. ({exc})"
                ) from exc
            self.spark.sparkContext.setLogLevel("ERROR")
            # Splink's default for Spark writes each intermediate table to Parquet here
            # ("break lineage"), so later steps do not recompute the whole plan.
            self.spark.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
            self.db_api: Any = SparkAPI(spark_session=self.spark, num_partitions_on_repartition=partitions)
        except BaseException:
            self.close()
            raise

    def register(self, table: pa.Table, name: str) -> Any:
        # Through a Parquet file rather than spark.createDataFrame(table): that would be a
        # local relation held in the driver, which Spark's optimiser walks row by row again
        # in every one of Splink's hundred-odd queries; Parquet it reads natively, split
        # across its cores, however large the register.
        assert self.scratch is not None, "the engine is closed"
        path = self.scratch / "input" / f"{name}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
        return self.db_api.register(self.spark.read.parquet(str(path)), table_name=name)

    def rows(self, frame: Any, columns: Sequence[str], where: str | None = None) -> list[tuple[Any, ...]]:
        selected = ", ".join(f"`{column}`" for column in columns)
        condition = f" WHERE {where}" if where else ""
        # Through Arrow: a million predictions come back in seconds, not minutes of
        # row-by-row pickling.
        result = self.spark.sql(f"SELECT {selected} FROM {frame.physical_name}{condition}").toArrow()
        return list(zip(*(result.column(index).to_pylist() for index in range(len(columns))), strict=True))

    def close(self) -> None:
        spark = getattr(self, "spark", None)
        if spark is not None:
            spark.stop()
            self.spark = None
            _stop_jvm()
        scratch = getattr(self, "scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
            self.scratch = None


def _stop_jvm() -> None:
    """End the JVM pyspark started. `SparkSession.stop` leaves it running for the life of
    the process, holding its heap (gigabytes after a run), and a later engine would reuse
    it with the first one's memory and options. pyspark keeps it on SparkContext; it exits
    when its standard input closes."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None:
        return
    SparkContext._gateway = None
    SparkContext._jvm = None
    gateway.shutdown()
    process = getattr(gateway, "proc", None)
    if process is not None:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _java() -> str:
    """The java Spark will launch (JAVA_HOME first, as Spark's own scripts do)."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise EngineUnavailable(f"the spark engine needs Java, and there is no `java` on PATH: {SPARK_INSTALL}")
    return found


def _java_version(java: str) -> str:
    try:
        shown = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return "version unknown"
    lines = (shown.stderr or shown.stdout).strip().splitlines()
    return lines[0] if lines else "version unknown"


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b?)?\s*", re.IGNORECASE)


def _jvm_size(text: str) -> str:
    """'8GB', '8g', '1.5GiB' -> the JVM's whole-megabyte form ('8192m', '1536m')."""
    found = _SIZE.fullmatch(text)
    if not found:
        raise EngineUnavailable(f"the memory limit {text!r} is not a size such as 8GB or 512MB")
    number, unit = float(found.group(1)), (found.group(2) or "b")[0].lower()
    megabytes = number * {"b": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024**2}[unit]
    if megabytes < 512:
        raise EngineUnavailable(f"the memory limit {text!r} is too small for Spark: give it at least 512MB")
    return f"{int(megabytes)}m"
