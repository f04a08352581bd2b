"""herald on Apache Spark: code JSONL, Parquet and WARC input with a pipeline per partition.

An optional extra: `pip install 'herald[spark]'` (pyspark 4.3.0, which needs Java 17
or later). Importing this package without pyspark raises a `HeraldError` that says
how to install it.

    from herald.spark import code_to_parquet, local_session
    spark = local_session()
    result = code_to_parquet(spark, ["articles.jsonl"], "events.parquet")

See `herald.spark.job` for how inputs are split and what the output holds.
"""

from __future__ import annotations

from herald.errors import HeraldError

SPARK_MISSING = (
    "herald's Spark job needs pyspark, which is not installed; install the extra with "
    "`pip install 'herald[spark]'` (or `pip install pyspark==4.3.0`), and Java 17 or later"
)

try:
    import pyspark  # noqa: F401
except ImportError as err:
    raise HeraldError(SPARK_MISSING) from err

from herald.spark.job import (  # noqa: E402
    SparkResult,
    code_partition,
    code_to_parquet,
    event_columns,
    local_session,
    session_active,
)

__all__ = [
    "SPARK_MISSING",
    "SparkResult",
    "code_partition",
    "code_to_parquet",
    "event_columns",
    "local_session",
    "session_active",
]
