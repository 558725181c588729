"""Hex geometry and the map projection."""
import math

from engine.hexes import (
    Projection,
    axial_to_offset,
    distance,
    hex_to_km,
    km_to_hex,
    line,
    neighbours,
    offset_to_axial,
    ring,
)


def test_a_hex_has_six_neighbours_one_step_away():
    ns = neighbours((2, -1))
    assert len(set(ns)) == 6
    assert all(distance((2, -1), n) == 1 for n in ns)


def test_distance_counts_hex_steps():
    assert distance((0, 0), (3, 0)) == 3
    assert distance((0, 0), (0, -4)) == 4
    assert distance((0, 0), (2, -5)) == 5
    assert distance((-2, 3), (1, -1)) == 4


def test_a_line_is_contiguous_and_as_long_as_the_distance():
    for a, b in [((0, 0), (5, -2)), ((-3, 4), (2, -3)), ((1, 1), (1, 1))]:
        hexes = line(a, b)
        assert hexes[0] == a and hexes[-1] == b
        assert len(hexes) == distance(a, b) + 1
        assert all(distance(x, y) == 1 for x, y in zip(hexes, hexes[1:]))


def test_ring_has_six_times_radius_hexes():
    assert len(set(ring((0, 0), 3))) == 18
    assert all(distance((0, 0), h) == 3 for h in ring((0, 0), 3))


def test_offset_and_axial_round_trip():
    for col in range(-5, 6):
        for row in range(-5, 6):
            assert axial_to_offset(offset_to_axial(col, row)) == (col, row)


def test_neighbouring_hex_centres_are_hex_km_apart():
    x0, y0 = hex_to_km((0, 0), 20)
    for n in neighbours((0, 0)):
        x, y = hex_to_km(n, 20)
        assert math.isclose(math.hypot(x - x0, y - y0), 20, rel_tol=1e-9)
        assert km_to_hex(x, y, 20) == n


def test_projection_round_trips_and_keeps_distances():
    p = Projection(lat_0=45, lon_0=125, lat_1=40, lat_2=50)
    for lat, lon in [(45, 125), (41.8, 123.43), (49.6, 117.43), (38.81, 121.26), (50.25, 127.49)]:
        back = p.from_km(*p.to_km(lat, lon))
        assert math.isclose(back[0], lat, abs_tol=1e-7) and math.isclose(back[1], lon, abs_tol=1e-7)
    # Harbin to Mukden is about 550 km on the sphere; the conic keeps it within 1.5 %
    (x1, y1), (x2, y2) = p.to_km(45.76, 126.62), p.to_km(41.80, 123.43)
    lat1, lon1, lat2, lon2 = map(math.radians, (45.76, 126.62, 41.80, 123.43))
    great_circle = 6371 * math.acos(math.sin(lat1) * math.sin(lat2)
                                    + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    assert math.isclose(math.hypot(x2 - x1, y2 - y1), great_circle, rel_tol=0.015)


def test_north_is_up_and_east_is_right():
    p = Projection(lat_0=45, lon_0=125, lat_1=40, lat_2=50)
    assert p.to_hex(47, 125, 20)[1] < p.to_hex(43, 125, 20)[1]  # r grows southwards
    xe, _ = p.to_km(45, 128)
    xw, _ = p.to_km(45, 122)
    assert xe > 0 > xw


def test_a_false_origin_shifts_the_grid_but_not_the_geography():
    p = Projection(lat_0=45, lon_0=125, lat_1=40, lat_2=50)
    shifted = Projection(lat_0=45, lon_0=125, lat_1=40, lat_2=50, x_0=7.5, y_0=-3.0)
    x, y = p.to_km(44.0, 127.0)
    xs, ys = shifted.to_km(44.0, 127.0)
    assert math.isclose(xs - x, 7.5) and math.isclose(ys - y, -3.0)
    back = shifted.from_km(xs, ys)
    assert math.isclose(back[0], 44.0, abs_tol=1e-7) and math.isclose(back[1], 127.0, abs_tol=1e-7)
