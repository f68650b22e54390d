"""Time expressions: the ``newsfacts_timex`` spaCy component and its grammar.

Importing this package registers the factory (``nlp.add_pipe("newsfacts_timex")``).
"""

from newsfacts.timex.calendar import TIMEX3_VALUE_REGEX, interval, is_timex3
from newsfacts.timex.component import SPANS_KEY, TimeExpressions, Timex, as_date

__all__ = ["SPANS_KEY", "TIMEX3_VALUE_REGEX", "TimeExpressions", "Timex", "as_date", "interval", "is_timex3"]
