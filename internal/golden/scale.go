package golden

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
)

// ScaleSmall and ScaleLarge are the list lengths [BenchScale] compares by
// default: issue 17's goal is t(10k) ÷ t(1k) ≤ 11 for every path that
// takes a list, i.e. linear (10) with a margin for noise.
const (
	ScaleSmall = 1000
	ScaleLarge = 10000
)

// minLargeCalls is the fewest calls of the large case in one round of
// [BenchScale].
const minLargeCalls = 4

// BenchScale measures how an operation grows with the length of a list
// input: b's loop runs op(large), and afterwards rounds of op(small) and
// op(large) alternate in the same process, each round about a fortieth of
// the loop's time, and the median of the rounds' t(large) ÷ t(small) is
// reported as the metric "t<large>/t<small>" (for example "t10000/t1000").
// A linear path reports about large/small. Like [ReportRatio], the ratio
// of two things run in turn means the same on any machine, and one burst
// of load spoils one round, not the result. The rounds are timed in the
// process's CPU time where the system reports it (getrusage), so that
// other processes on a shared machine do not lengthen one side; the
// clock's resolution is why each round runs many operations, for at
// least 50 ms.
//
// Each round starts after a forced garbage collection and runs at least
// four large operations, so that both sides are measured in the same
// steady state, as a benchmark's loop measures. A lone large call after a
// collection pays for growing the heap from the runtime's minimum target
// while the small side's calls of the same round share that start: two
// linear paths of the key policy reported 11 to 12.7 that way, and 10.4
// to 10.8 with the collector off (GOGC=off; BENCHMARKS.md).
//
// op(n) prepares the input of length n (outside the timing) and returns
// the operation to time; the operation may return an error the path is
// expected to return (a size error past the limit): want reports whether
// an error is the expected outcome, and any other fails the benchmark.
func BenchScale(b *testing.B, small, large int, op func(n int) func() error, want func(error) bool) {
	b.Helper()
	if want == nil {
		want = func(err error) bool { return err == nil }
	}
	run := func(f func() error) {
		if err := f(); !want(err) {
			b.Fatalf("unexpected result: %v", err)
		}
	}
	opSmall, opLarge := op(small), op(large)
	run(opSmall)
	run(opLarge)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		run(opLarge)
	}
	if n == 0 {
		return
	}
	timeOf := func(f func() error, reps int) float64 {
		runtime.GC()
		start, cpu := cpuNow()
		wall := time.Now()
		for range reps {
			run(f)
		}
		if end, ok := cpuNow(); cpu && ok {
			return float64((end - start).Nanoseconds()) / float64(reps)
		}
		return float64(time.Since(wall).Nanoseconds()) / float64(reps)
	}
	// Calibrate by the wall clock, whose resolution is fine; rounds last at
	// least 50 ms, so that the CPU clock (a tick on some systems) measures
	// each to within a few per cent.
	wallOf := func(f func() error) float64 {
		reps, start := 0, time.Now()
		for reps == 0 || time.Since(start) < 10*time.Millisecond {
			run(f)
			reps++
		}
		return float64(time.Since(start).Nanoseconds()) / float64(reps)
	}
	// At least four calls of the large case a round: each round starts
	// from the heap the forced collection just emptied, and one large call
	// a round would pay that cold start (the heap growing from the
	// runtime's 4 MB minimum target, collection by collection) on every
	// call, while the small side's calls share it.
	wallLarge := wallOf(opLarge)
	round := max(float64(b.Elapsed().Nanoseconds())/40, float64(50*time.Millisecond), minLargeCalls*wallLarge)
	largeN := max(minLargeCalls, int(round/wallLarge))
	smallN := max(1, int(round/wallOf(opSmall)))
	ratios := make([]float64, 15)
	for i := range ratios {
		ratios[i] = timeOf(opLarge, largeN) / timeOf(opSmall, smallN)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], fmt.Sprintf("t%d/t%d", large, small))
}
