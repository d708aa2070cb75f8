//go:build unix

package golden

import (
	"syscall"
	"time"
)

// cpuNow returns the CPU time (user and system, every thread, the garbage
// collector's too) the process has used so far, and true. Time another
// process takes from a shared machine is not in it, so a ratio of two
// such spans means the same under load.
func cpuNow() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
