"""Dutch formats, chosen once for every page (docs/development.md, "Formats").

Django's own Dutch formats write dates as "2-12-2026" and group no thousands unless USE_THOUSAND_SEPARATOR is on;
that setting would also group years and ids printed into attributes, so grouping is the `number` filter's job.
"""

# Running text and page headings: "2 december 2026".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
# Dense tables: "02-12-2026", the same width on every row.
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
TIME_FORMAT = "H:i"
# A typed date is read as 02-12-2026 first; ISO (what a type=date input sends) is accepted too.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
