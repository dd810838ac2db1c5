using System.Runtime.InteropServices;

namespace TorchPractice.Comparison.Report;

/// <summary>
/// Two file-system facts .NET does not expose on Linux: what kind of file a path names (without following a
/// symbolic link: .NET reports a device node or a FIFO as an ordinary file) and an exclusive lock on a directory
/// (so that concurrent runs moving reports in and out of it take turns). Elsewhere both fall back to what .NET offers.
/// </summary>
public static class UnixFiles
{
    /// <summary>What a path names.</summary>
    public enum Kind
    {
        /// <summary>Nothing there.</summary>
        Missing,
        /// <summary>A regular file.</summary>
        Regular,
        /// <summary>A directory.</summary>
        Directory,
        /// <summary>A symbolic link (not followed).</summary>
        SymbolicLink,
        /// <summary>A device, socket or FIFO.</summary>
        Other,
        /// <summary>It could not be examined (permissions).</summary>
        Inaccessible,
    }

    /// <summary>The kind of file at <paramref name="path"/>; a symbolic link is reported as such, not followed.</summary>
    public static Kind KindOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) return Kind.SymbolicLink;
            return System.IO.Directory.Exists(path) ? Kind.Directory : info.Exists ? Kind.Regular : Kind.Missing;
        }
        // statx's layout is the same on every Linux architecture: stx_mode is the u16 at byte 28.
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            return Marshal.GetLastPInvokeError() is ENOENT or ENOTDIR ? Kind.Missing : Kind.Inaccessible;
        return (BitConverter.ToUInt16(buffer, 28) & 0xF000) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0xA000 => Kind.SymbolicLink,
            _ => Kind.Other, // character or block device, FIFO, socket
        };
    }

    /// <summary>"a device node, FIFO or socket", "a directory", …: for messages.</summary>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.Regular => "a regular file",
        Kind.Directory => "a directory",
        Kind.SymbolicLink => "a symbolic link",
        Kind.Other => "a device node, FIFO or socket",
        Kind.Inaccessible => "not inspectable (permission denied on the way to it?)",
        _ => "missing",
    };

    /// <summary>
    /// True when both paths name the same file, following symbolic links: the same device and inode on Linux (hard links
    /// and bind mounts included), the same full path after resolving links elsewhere. False when either is missing.
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        if (!OperatingSystem.IsLinux())
        {
            static string? Resolve(string p) => File.Exists(p) ? Path.GetFullPath(new FileInfo(p).ResolveLinkTarget(true)?.FullName ?? p) : null;
            return Resolve(a) is { } x && x == Resolve(b);
        }
        // statx (links followed): stx_ino is the u64 at byte 32, stx_dev_major and stx_dev_minor the u32s at 136 and 140.
        static (ulong Inode, uint Major, uint Minor)? Identity(string p)
        {
            var buffer = new byte[256];
            if (statx(AtFdCwd, p, 0, StatxIno, buffer) != 0) return null;
            return (BitConverter.ToUInt64(buffer, 32), BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140));
        }
        return Identity(a) is { } ia && Identity(b) is { } ib && ia == ib;
    }

    /// <summary>
    /// Holds an exclusive advisory lock (flock) on a directory until disposed; other processes calling this wait.
    /// Where the directory cannot be opened (or not on Linux) it returns without locking.
    /// </summary>
    public static IDisposable LockDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return new DirectoryLock(-1);
        int fd = open(directory, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0) return new DirectoryLock(-1);
        while (flock(fd, LockExclusive) != 0 && Marshal.GetLastPInvokeError() == EINTR) { }
        return new DirectoryLock(fd);
    }

    sealed class DirectoryLock(int fd) : IDisposable
    {
        int _fd = fd;
        public void Dispose()
        {
            if (_fd >= 0) close(_fd); // closing the last descriptor releases the flock
            _fd = -1;
        }
    }

    const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, OpenReadOnly = 0, OpenCloseOnExec = 0x80000, LockExclusive = 2;
    const uint StatxType = 1, StatxIno = 0x100;
    const int ENOENT = 2, EINTR = 4, ENOTDIR = 20;

    [DllImport("libc", SetLastError = true)]
    static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    static extern int close(int fd);
}
