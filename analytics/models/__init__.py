"""Analytics models, one module per subdomain (re-exported here for Django and for imports)."""

from .agency import (  # noqa: F401
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
