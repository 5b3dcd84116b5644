// Small helpers shared by the tools.
#pragma once

#define DROP_REF(p) do { if (p) { (p)->Release(); (p) = 0; } } while (0)
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

inline int Clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
inline int Square(int v) { return v * v; }
inline int Cube(int v) { return v * v * v; }
inline int Half(int v) { return v / 2; }
inline int Negate(int v) { return -v; }
inline int Abs(int v) { return v < 0 ? -v : v; }
inline int Sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }
inline bool Between(int v, int lo, int hi) { return lo <= v && v <= hi; }
