"""Analytics models: imported datasets (``datasets``) and indicators entered or computed per period
(``indicators``)."""

from .datasets import DataRow, Dataset, DatasetCitation, DatasetUpload, DatasetVersion, Layout, Territory
from .indicators import (
    ComputedKey,
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Level,
    MunicipalityIndicator,
    Periodicity,
    Source,
    Status,
    TargetKind,
    TargetOwner,
    ValidationFlag,
    ValueEvent,
    ValueSource,
    ValueState,
)

__all__ = [
    "ComputedKey", "DataRow", "Dataset", "DatasetCitation", "DatasetUpload", "DatasetVersion", "Direction", "Indicator",
    "IndicatorTarget", "IndicatorValue", "Layout", "Level", "MunicipalityIndicator", "Periodicity", "Source", "Status",
    "TargetKind", "TargetOwner", "Territory", "ValidationFlag", "ValueEvent", "ValueSource", "ValueState",
]
