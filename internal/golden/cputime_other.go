//go:build !unix

package golden

import "time"

// cpuNow reports false: without getrusage [BenchScale] times rounds by the
// wall clock.
func cpuNow() (time.Duration, bool) { return 0, false }
