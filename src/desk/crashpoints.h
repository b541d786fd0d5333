// Test hook for the crash-safety tests: with COUPONDESK_CRASH_AT=<name> in the environment, the
// process kills itself at that point (SIGKILL on POSIX; TerminateProcess on Windows), the way a
// power cut or a task-manager kill would. Compiled in only when COUPONDESK_CRASH_POINTS is defined
// (every build but the release preset).
#pragma once

namespace desk {

// Points: "before-send" (PENDING row committed, nothing sent), "after-send" (request on the wire,
// no answer yet), "after-reply" (answer verified, journal not yet updated).
void crashPoint(const char *name);

// For the bulk-void resume test: with COUPONDESK_CRASH_AFTER_ROWS=<N> in the environment, the process
// kills itself (as above) when a bulk job has finished its N-th row in this run, while other rows
// are still on the wire.
void crashAfterRows(int rowsFinished);

} // namespace desk
