package golden

import (
	"errors"
	"testing"
)

// work does about n units of CPU work that the compiler cannot drop.
var sink int

func work(n int) {
	s := 0
	for i := range n * 200 {
		s += i ^ (s >> 3)
	}
	sink += s
}

// TestBenchScale checks that the same-run ratio tells a linear operation
// (ratio about 10 for 1,000 and 10,000 items) from a quadratic one (about
// 100), and that an unexpected error fails the benchmark. Not in -short:
// every round lasts 50 ms, 30 rounds a case.
func TestBenchScale(t *testing.T) {
	if testing.Short() {
		t.Skip("the rounds take seconds")
	}
	unit := "t1000/t100"
	tests := []struct {
		name     string
		op       func(n int)
		min, max float64
	}{
		{"linear", func(n int) { work(n) }, 6, 16},
		{"quadratic", func(n int) { work(n * n / 100) }, 50, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := benchOnce(t, func(b *testing.B) {
				BenchScale(b, 100, 1000, func(n int) func() error {
					return func() error { tc.op(n); return nil }
				}, nil)
			})
			got, ok := res.Extra[unit]
			if !ok || got < tc.min || got > tc.max {
				t.Errorf("%s = %v (reported: %v), want between %v and %v", unit, got, ok, tc.min, tc.max)
			}
		})
	}
	t.Run("unexpected error", func(t *testing.T) {
		res := benchOnce(t, func(b *testing.B) {
			BenchScale(b, 1, 2, func(n int) func() error {
				return func() error { return errors.New("bad") }
			}, nil)
		})
		if res.N > 0 {
			t.Errorf("benchmark ran %d times despite an unexpected error", res.N)
		}
	})
}
