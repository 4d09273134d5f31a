from .document import Document, Mention, Published, Rejection, Removed

__all__ = ["Document", "Mention", "Published", "Rejection", "Removed"]
