"""Where evidence files live: under MEDIA_ROOT, with no public URL — they are served by the checked views only."""

from django.core.files.storage import FileSystemStorage


class EvidenceStorage(FileSystemStorage):
    """The file system below MEDIA_ROOT (followed when tests change it), refusing to hand out URLs."""

    def url(self, name):
        raise ValueError("Evidence files have no public URL; link to the evidence download view instead.")


evidence_storage = EvidenceStorage()


def get_evidence_storage():
    """The storage callable for the model fields (keeps migrations free of the storage's settings)."""
    return evidence_storage
