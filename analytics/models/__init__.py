"""Analytics models: imported datasets (``datasets``), indicators entered or computed per period
(``indicators``) and the agency's side (``agency``: cooperation, criteria, events, snapshots)."""

from .agency import (
    COOPERATION_MONTHS,
    Contact,
    Cooperation,
    CriterionLevel,
    CriterionScore,
    EventAttendance,
    EventFile,
    EventKind,
    GoodPracticeEvent,
    QualityCriterion,
    ReportSnapshot,
    ReportSubscription,
    ScoreMoment,
    TargetSnapshot,
    ThematicArea,
)
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
    "COOPERATION_MONTHS", "Contact", "Cooperation", "CriterionLevel", "CriterionScore", "EventAttendance",
    "EventFile", "EventKind", "GoodPracticeEvent", "QualityCriterion", "ReportSnapshot", "ReportSubscription",
    "ScoreMoment", "TargetSnapshot", "ThematicArea",
    "ComputedKey", "DataRow", "Dataset", "DatasetCitation", "DatasetUpload", "DatasetVersion", "Direction", "Indicator",
    "IndicatorTarget", "IndicatorValue", "Layout", "Level", "MunicipalityIndicator", "Periodicity", "Source", "Status",
    "TargetKind", "TargetOwner", "Territory", "ValidationFlag", "ValueEvent", "ValueSource", "ValueState",
]
