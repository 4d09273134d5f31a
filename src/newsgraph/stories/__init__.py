"""Stories: documents about the same event, across languages, grouped as they arrive.

`OnlineClusterer` (online.py) assigns each new document to a story or opens one, in publication
order, from its vector, its language and its time; `newsgraph eval clustering` scores it.
"""

from .online import OnlineClusterer, StoryParams

__all__ = ["OnlineClusterer", "StoryParams"]
