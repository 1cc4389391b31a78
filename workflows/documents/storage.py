"""Where document files are kept: under MEDIA_ROOT, and never behind a public media URL."""

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT on disk, with no URL: the permission-checked download views stream the files."""

    def url(self, name):
        raise NotImplementedError("document files have no public URL; use the download views")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage instance (a callable, so migrations do not freeze its location)."""
    return _storage
