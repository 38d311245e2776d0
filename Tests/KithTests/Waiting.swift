import Dispatch

/// How long a scripted step waits for the one before it: far longer than any step takes, even
/// while other suites' synchronous tests hold the threads of the shared pool. A broken
/// implementation fails the test at the deadline instead of hanging it.
let stepDeadlineSeconds = 120

/// Waits for `semaphore` (until the deadline) without blocking a thread of the shared pool.
func signalled(_ semaphore: DispatchSemaphore) async -> Bool {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: semaphore.wait(timeout: .now() + .seconds(stepDeadlineSeconds)) == .success)
        }
    }
}
