"""A phone camera looking at a badge, simulated with Pillow alone.

A phone scanning a badge sees about 7 pixels per millimetre of it (a 1080p
scanning frame at about 22 cm, or a 12-megapixel photo at about 50 cm). The
badge is held at an angle, lit unevenly, a little out of focus, and the
frame is noisy and compressed. `photograph` does all of that to a clean
render of one badge, the same way every time for the same seed:

1. scaled to 7 px/mm (area-averaged, as a sensor does);
2. contrast halved (paper 191, ink 64) and light falling off across the badge to 60 %;
3. turned 25° about its vertical axis in front of a pinhole camera 220 mm away;
4. Gaussian blur σ 1.5 px, Gaussian noise σ 3 grey levels;
5. JPEG at quality 50.

Used by tests/test_qr_scanning.py on a sample and by bench/qr_scan.py on
every badge of a 300-person list.
"""

from __future__ import annotations

import io
import math
import random
import statistics

from PIL import Image, ImageChops, ImageFilter

PX_PER_MM = 7.0
TILT_DEGREES = 25.0
DISTANCE_MM = 220.0
FAR_LIGHT = 0.6  # light at the far edge of the badge, of the near edge's
BLUR_SIGMA = 1.5
NOISE_SIGMA = 3.0
JPEG_QUALITY = 50
BACKGROUND = 90  # what lies around the badge in the frame: a dark shirt


def photograph(badge: Image.Image, px_per_mm: float, seed: int) -> Image.Image:
    """What a phone sees of `badge` (a greyscale render at `px_per_mm`)."""
    width_mm, height_mm = badge.width / px_per_mm, badge.height / px_per_mm
    size = (round(width_mm * PX_PER_MM), round(height_mm * PX_PER_MM))
    image = badge.convert("L").resize(size, Image.Resampling.BOX)
    image = uneven_light(image.point(lambda v: 64 + v // 2))
    image = tilted(image)
    image = image.filter(ImageFilter.GaussianBlur(BLUR_SIGMA))
    image = ImageChops.add(image, noise(image.size, random.Random(seed)), scale=1.0, offset=-128)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def uneven_light(image: Image.Image) -> Image.Image:
    """Light falling off from the left edge (all of it) to the right (FAR_LIGHT)."""
    ramp = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)  # 0 left .. 255 right
    light = ramp.resize(image.size).point(lambda v: round(255 * (1 - (1 - FAR_LIGHT) * v / 255)))
    return ImageChops.multiply(image, light)


def tilted(image: Image.Image) -> Image.Image:
    """The badge turned TILT_DEGREES about its vertical axis, seen from DISTANCE_MM
    with the scale at its centre kept at PX_PER_MM; the frame shows it whole."""
    angle = math.radians(TILT_DEGREES)
    focal = PX_PER_MM * DISTANCE_MM
    half_w, half_h = image.width / PX_PER_MM / 2, image.height / PX_PER_MM / 2

    def project(x_mm: float, y_mm: float) -> tuple[float, float]:
        depth = DISTANCE_MM + x_mm * math.sin(angle)
        return focal * x_mm * math.cos(angle) / depth, focal * y_mm / depth

    corners = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    projected = [project(x, y) for x, y in corners]
    margin = 20
    left = min(u for u, _ in projected) - margin
    top = min(v for _, v in projected) - margin
    size = (math.ceil(max(u for u, _ in projected) - left + margin), math.ceil(max(v for _, v in projected) - top + margin))
    source = [(0, 0), (image.width, 0), (image.width, image.height), (0, image.height)]
    frame = [(u - left, v - top) for u, v in projected]
    return image.transform(size, Image.Transform.PERSPECTIVE, perspective_coefficients(frame, source),
                           Image.Resampling.BICUBIC, fillcolor=BACKGROUND)


def perspective_coefficients(frame: list[tuple[float, float]], source: list[tuple[float, float]]) -> list[float]:
    """(a..h) with source = ((a u + b v + c), (d u + e v + f)) / (g u + h v + 1) for each frame point (u, v)."""
    rows = []
    for (u, v), (x, y) in zip(frame, source):
        rows.append([u, v, 1, 0, 0, 0, -x * u, -x * v, x])
        rows.append([0, 0, 0, u, v, 1, -y * u, -y * v, y])
    return solve(rows)


def solve(rows: list[list[float]]) -> list[float]:
    """Gauss-Jordan elimination with partial pivoting of an augmented n × (n + 1) system."""
    n = len(rows)
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(n):
            if r != column:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    return [rows[r][n] / rows[r][r] for r in range(n)]


def noise(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Gaussian noise of NOISE_SIGMA grey levels around 128, from `rng`: random
    bytes mapped through the normal distribution's quantiles (fast, and
    seeded, which Pillow's own effect_noise is not)."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]).translate(NOISE_TABLE))


def noise_table() -> bytes:
    """256 equally likely grey levels around 128 whose spread is NOISE_SIGMA."""
    quantiles = [statistics.NormalDist().inv_cdf((i + 0.5) / 256) for i in range(256)]
    spread = statistics.pstdev(quantiles)
    return bytes(128 + round(q * NOISE_SIGMA / spread) for q in quantiles)


NOISE_TABLE = noise_table()
