# One Czech date format everywhere (pages, PDF, DOCX, XLSX): "2. 12. 2026", never "02.12.2026".
# Django's own Czech formats stay for everything not named here (input formats keep parsing 2.12.2026).
DATE_FORMAT = "j. n. Y"
SHORT_DATE_FORMAT = "j. n. Y"
DATETIME_FORMAT = "j. n. Y G:i"
SHORT_DATETIME_FORMAT = "j. n. Y G:i"
