#!/usr/bin/env python3
"""Memory and time of one evidence image: peak RSS per upload, before and after issue 14 M2, in the same run.

    .venv/bin/python bench/uploads.py [--runs 3] [--quick]

Prints figures; it is not a timed test. Needs no database. Each measurement runs in a fresh process, which
reads the file, resets its peak RSS (``/proc/self/clear_refs``) and then cleans the image: the figure is the
peak above what the process held before. "Before" is ``workflows/evidence/images.py`` as it was at
``BASELINE_COMMIT`` (read with ``git show``), given the same file; "after" is the code of this checkout with its
default settings. Linux only (``/proc``).
"""

import argparse
import gc
import importlib.util
import io
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, Figures, load_average
from django.conf import settings
from PIL import Image, ImageCms
from PIL.ExifTags import IFD, Base

from workflows.evidence import images
from workflows.evidence.formats import JPEG, PNG

BASELINE_COMMIT = "2be591d"  # the last commit before the images were decoded within a budget
# (what, file name, width, height): the probe's PNG (over the 50 MP limit now), the largest PNG the limit admits,
# and a 48-megapixel phone photo. --quick divides the sides by four (and the pixel limit by 16).
CASES = [
    ("the probe's flat PNG", "probe.png", 7700, 7700),
    ("a flat PNG at the limit", "largest.png", 7070, 7070),
    ("a phone JPEG (EXIF orientation 6, ICC)", "phone.jpg", 8064, 6048),
]
THREADS = 4  # a gthread worker's threads, all uploading at once


def make_png(width: int, height: int) -> bytes:
    """Flat grey compresses to almost nothing: the probe's 173 KB for 7,700 × 7,700."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 130, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def make_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG (gradient and sensor noise, 9 MB at 48 MP) with a capture time, orientation 6 and a colour
    profile."""
    grain = Image.effect_noise((width, height), 10)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", [gradient, grain, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    exif = Image.Exif()
    exif[Base.Orientation] = 6
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2026:03:15 09:30:00"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif, icc_profile=icc)
    return buffer.getvalue()


def before_module():
    """images.py at BASELINE_COMMIT, imported beside today's (its ``.formats`` import resolves to the package)."""
    source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:workflows/evidence/images.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("workflows.evidence.images_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "workflows.evidence"
    exec(compile(source, f"{BASELINE_COMMIT}:images.py", "exec"), module.__dict__)
    return module


def cleaner(version: str, max_pixels: int):
    """clean_image of ``version`` as a function of (file object, format)."""
    tz = settings.EVIDENCE_CAPTURE_TIMEZONE
    if version == "before":
        old = before_module()
        return lambda fileobj, fmt: old.clean_image(fileobj, fmt, max_pixels=max_pixels, capture_tz=tz)
    side = settings.EVIDENCE_IMAGE_MAX_SIDE
    return lambda fileobj, fmt: images.clean_image(fileobj, fmt, max_pixels=max_pixels, max_side=side, capture_tz=tz)


def peak_kb() -> int:
    return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:"))


def measure(version: str, path: str, max_pixels: int, threads: int) -> dict:
    """In this (fresh) process: ``threads`` uploads of the file at once; peak RSS above the start, CPU and wall time."""
    clean = cleaner(version, max_pixels)
    data = Path(path).read_bytes()
    file_format = PNG if path.endswith(".png") else JPEG
    slots = images.decode_slots(settings.EVIDENCE_IMAGE_DECODES if version == "after" else threads)
    outcome = {}

    def upload():
        with slots:
            try:
                result = clean(io.BytesIO(data), file_format)
                outcome["result"] = f"stored {result.width} × {result.height}, {len(result.content) // 1024} KB"
            except images.ImageRefused as refusal:
                outcome["result"] = f"refused ({refusal.code})"

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS := current RSS
    start_kb = peak_kb()
    cpu, wall = time.process_time(), time.perf_counter()
    workers = [threading.Thread(target=upload) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {"peak_mb": (peak_kb() - start_kb) / 1024, "cpu_s": time.process_time() - cpu,
            "wall_s": time.perf_counter() - wall, "result": outcome.get("result", "?")}


def run_child(version: str, path: Path, max_pixels: int, threads: int = 1) -> dict:
    command = [sys.executable, __file__, "--child", version, str(path), str(max_pixels), str(threads)]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.splitlines()[-1])


def runs_of(runs: int, *args) -> dict:
    """The highest peak and the median times of ``runs`` fresh processes."""
    results = [run_child(*args) for _ in range(runs)]
    return {"peak_mb": max(r["peak_mb"] for r in results), "cpu_s": statistics.median(r["cpu_s"] for r in results),
            "wall_s": statistics.median(r["wall_s"] for r in results), "result": results[0]["result"]}


def report(figures: Figures, name: str, after: dict, before: dict | None, target: str, limit_mb: float) -> None:
    line = f"{name}: after {after['peak_mb']:.0f} MB, {after['cpu_s']:.2f} s CPU ({after['result']})"
    if before:
        line += f"; before {before['peak_mb']:.0f} MB, {before['cpu_s']:.2f} s CPU ({before['result']})"
    print(line, flush=True)
    figures.add(name, f"{after['peak_mb']:.0f}", "MB peak RSS", target=target, met=after["peak_mb"] <= limit_mb,
                baseline=f"{before['peak_mb']:.0f} MB, {before['cpu_s']:.2f} s CPU" if before else "",
                ratio=round(before["peak_mb"] / max(after["peak_mb"], 1), 1) if before else None,
                note=f"{after['cpu_s']:.2f} s CPU, {after['wall_s']:.2f} s wall; {after['result']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per measurement")
    parser.add_argument("--quick", action="store_true", help="CI size: sides divided by four, one run")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    divisor = 4 if args.quick else 1
    runs = 1 if args.quick else args.runs
    figures = Figures("uploads")
    cap = settings.EVIDENCE_MAX_IMAGE_PIXELS // divisor**2
    print(f"load average {load_average()}; pixel limit {cap:,}, stored side {settings.EVIDENCE_IMAGE_MAX_SIDE}, "
          f"{settings.EVIDENCE_IMAGE_DECODES} decodes at once per process; before = {BASELINE_COMMIT}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as folder:
        names, singles = {}, {}
        for what, file_name, width, height in CASES:
            width, height = width // divisor, height // divisor
            path = Path(folder) / file_name
            path.write_bytes((make_png if file_name.endswith(".png") else make_jpeg)(width, height))
            names[file_name] = name = (f"{what} {width:,} × {height:,} ({width * height / 1e6:.1f} MP, "
                                       f"{path.stat().st_size // 1024:,} KB)")
            # Both versions get the file, whatever today's limit says: this is the cost of decoding it.
            budget = max(cap, width * height)
            singles[file_name] = runs_of(runs, "after", path, budget)
            report(figures, f"{name}: one upload", singles[file_name], runs_of(runs, "before", path, budget),
                   "≤ 350 MB", 350)
        probe, phone = Path(folder) / "probe.png", Path(folder) / "phone.jpg"
        report(figures, f"{names['probe.png']}: one upload, with the pixel limit", runs_of(runs, "after", probe, cap),
               None, "refused from its header", 20)
        slots = settings.EVIDENCE_IMAGE_DECODES
        report(figures, f"{names['phone.jpg']}: {THREADS} uploads at once in one process",
               runs_of(runs, "after", phone, cap, THREADS), runs_of(runs, "before", phone, cap, THREADS),
               f"≤ {slots} × one upload", slots * singles["phone.jpg"]["peak_mb"] * 1.1)
    figures.write(args.json)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        version, path, max_pixels, threads = sys.argv[2:6]
        print(json.dumps(measure(version, path, int(max_pixels), int(threads))))
    else:
        main()
