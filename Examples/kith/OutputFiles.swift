import Foundation

/// Writes `data` to `path` (owner-only) so that a reader never sees half of it: into a
/// temporary file beside it, flushed to disk, then renamed over it. A device or a pipe
/// (`/dev/stdout`, `/dev/full`) is written directly. Any failure is one line naming the file,
/// and leaves what was there before.
func writeFile(_ data: Data, to path: String) throws {
    var status = stat()
    if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw CommandError("cannot write \(path): it is a folder") }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))") }
        try writeAll(data, to: descriptor, path: path)
        return
    }
    let url = URL(fileURLWithPath: path)
    var template = Array(
        url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).kith-XXXXXX").path.utf8CString)
    let descriptor = mkstemp(&template)  // created 0600
    guard descriptor >= 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))") }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    do {
        try writeAll(data, to: descriptor, path: path)
        guard rename(temporary, path) == 0 else {
            throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    } catch {
        unlink(temporary)
        throw error
    }
}

/// Writes all of `data` to an open file, then (for a file) flushes it to disk and closes it.
private func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
    var failure: Int32 = 0
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += written
        }
    }
    // Devices cannot fsync.
    if failure == 0, fsync(descriptor) != 0, errno != EINVAL, errno != EROFS { failure = errno }
    if close(descriptor) != 0, failure == 0 { failure = errno }
    guard failure == 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(failure)))") }
}

/// Flushes and closes standard output and checks that everything printed was written: a
/// full disk, `/dev/full` or a closed descriptor is an error, not a silent half answer. A
/// reader that quit (a closed pipe) ends the program by SIGPIPE, quietly, as for any Unix tool.
func finishStandardOutput() throws {
    errno = 0
    var failed = fflush(nil) != 0
    var reason = errno
    // Closing reports what a network file system could only say then; a descriptor the
    // shell closed (`>&-`) was never written if the flush succeeded.
    if !failed, close(STDOUT_FILENO) != 0, errno != EBADF {
        (failed, reason) = (true, errno)
    }
    if failed {
        throw CommandError(
            "cannot write standard output: \(reason == 0 ? "a write failed" : String(cString: strerror(reason)))")
    }
}
