from .selectors import unread_count


def bell(request):
    """The unread count for the bell in the top bar (read lazily, only when a page shows it)."""
    return {"unread_notifications": lambda: unread_count(request.user)}
