"""The SVG helper: bars in proportion, labels escaped, points where their values are."""

from lxml import etree

from workflows.dashboards.charts import Bar, Point, Segment, horizontal_bars, line


def parse(svg):
    return etree.fromstring(str(svg).encode())


def test_bars_are_in_proportion_to_their_values():
    svg = parse(horizontal_bars("t", [Bar("甲", (Segment("s", 50),), "50%"), Bar("乙", (Segment("s", 100),), "100%")],
                                maximum=100))
    widths = [float(rect.get("width")) for rect in svg.iter("{*}rect")]
    assert widths[0] * 2 == widths[1]


def test_stacked_segments_add_up():
    svg = parse(horizontal_bars("t", [Bar("甲", (Segment("超时", 2, "danger"), Segment("未超时", 3, "warn")), "5")],
                                maximum=5))
    group = next(g for g in svg.iter("{*}g") if g.get("data-label"))
    assert group.get("data-value") == "5"
    assert [rect.get("data-value") for rect in group.iter("{*}rect")] == ["2", "3"]


def test_labels_are_text_never_markup():
    svg = parse(horizontal_bars('<script>alert("x")</script>', [Bar("<b>甲</b>", (Segment("s", 1),), "1")],
                                maximum=1))
    assert not list(svg.iter("{*}script")) and not list(svg.iter("{*}b"))
    assert svg.find("{*}title").text == '<script>alert("x")</script>'


def test_points_sit_higher_the_higher_their_value_and_gaps_stay_gaps():
    svg = parse(line("t", [Point("一", 20, "20%"), Point("二", None, "—"), Point("三", 80, "80%")]))
    circles = list(svg.iter("{*}circle"))
    assert len(circles) == 2 and float(circles[0].get("cy")) > float(circles[1].get("cy"))
