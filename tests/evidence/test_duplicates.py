"""The same file used on items of different units or different days is flagged on every use."""

from datetime import date

import pytest

from workflows.evidence.models import Evidence
from workflows.evidence.services import remove_evidence, set_evidence_date

from .samples import jpeg, pdf, png

pytestmark = pytest.mark.django_db


def flagged(*items: Evidence) -> list[bool]:
    return [Evidence.objects.get(pk=item.pk).duplicate for item in items]


def test_the_same_photo_on_another_units_item_is_flagged_on_both(store, other_unit, user):
    first = store(jpeg())
    second = store(jpeg(), "借用的照片.jpg", owner=other_unit, unit=other_unit, uploaded_by=user("unit006.liaison"))
    assert flagged(first, second) == [True, True]
    assert "同一文件已用于其他单位或其他日期的材料" in second.flags


def test_the_same_photo_on_an_item_of_another_date_is_flagged(store, demo):
    first = store(jpeg())
    second = store(jpeg(), owner=demo, lecture_date=date(2026, 5, 20))
    assert flagged(first, second) == [True, True]


def test_the_same_photo_on_two_items_of_one_unit_and_day_is_not_flagged(store, demo):
    first = store(jpeg())
    second = store(jpeg(), owner=demo)
    assert flagged(first, second) == [False, False]


def test_the_stored_copy_re_uploaded_elsewhere_is_recognised(store, other_unit, user):
    first = store(jpeg())
    stored_copy = first.file.open("rb").read()
    second = store(stored_copy, "下载的照片.jpg", owner=other_unit, unit=other_unit,
                   uploaded_by=user("unit006.liaison"))
    assert flagged(first, second) == [True, True]


def test_reused_slides_are_not_flagged(store, other_unit, user):
    first = store(pdf(), "讲义.pdf", kind="slides")
    second = store(pdf(), "讲义.pdf", kind="slides", owner=other_unit, unit=other_unit,
                   uploaded_by=user("unit006.liaison"))
    assert flagged(first, second) == [False, False]


def test_different_photos_are_not_flagged(store, other_unit, user):
    first = store(jpeg(colour=(1, 2, 3)))
    second = store(jpeg(colour=(200, 100, 50)), owner=other_unit, unit=other_unit,
                   uploaded_by=user("unit006.liaison"))
    assert flagged(first, second) == [False, False]


def test_removing_one_use_clears_the_flag_on_the_other_and_deletes_its_files(store, demo, liaison, media_root,
                                                                            django_capture_on_commit_callbacks):
    first = store(png(), "签到表.png", kind="signin_sheet")
    second = store(png(), "签到表.png", kind="signin_sheet", owner=demo, lecture_date=date(2026, 4, 1))
    assert flagged(first, second) == [True, True]
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(evidence=second, removed_by=liaison)
    assert flagged(first) == [False]
    assert not (media_root / second.file.name).exists()
    assert (media_root / first.file.name).exists()


def test_a_new_owner_date_rechecks_capture_times_and_duplicates(store, demo):
    photo = store(jpeg(taken="2026:03:15 10:00:00"))
    other = store(jpeg(taken="2026:03:15 10:00:00"), owner=demo, lecture_date=date(2026, 3, 16))
    assert flagged(photo, other) == [True, True]
    assert set_evidence_date(owner=demo, lecture_date=date(2026, 3, 15)) == 1
    other.refresh_from_db()
    assert not other.capture_date_mismatch
    assert flagged(photo, other) == [False, False]
