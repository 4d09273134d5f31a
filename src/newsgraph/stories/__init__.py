"""Stories: documents about the same event, across languages, grouped as they arrive.

`OnlineClusterer` (online.py) assigns each new document to a story or opens one, in publication
order, from its vector, its language, its keys and its time; `plan_repairs` (repair.py) merges
stories that it left apart; `newsgraph eval clustering` scores both.
"""

from .online import OnlineClusterer, StoryParams
from .repair import Repair, RepairDoc, RepairParams, plan_repairs

__all__ = ["OnlineClusterer", "Repair", "RepairDoc", "RepairParams", "StoryParams", "plan_repairs"]
